package io.cynodeai.connector.benchmarks;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationHandler;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An engine built like {@link PipelineBenchmark}'s, whose execute stage then gets a {@link CallerRunsExecutor}
 * in place of its handler threads: every stage runs, only the hand-off to a handler thread is missing. A
 * diagnostic for the breakdown, never a valid configuration (such an engine could not answer at the timeout
 * cap).
 *
 * <p>The swap is made by reflection on the engine's internals (the stage is found by class name, its
 * executor fields by type), so that the benchmarks keep compiling while the core's wiring changes; if the
 * stage cannot be found, only the benchmarks that use this state fail.
 */
@State(Scope.Benchmark)
public class InlinePipeline {
  private static final String EXECUTE_STAGE = "io.cynodeai.connector.core.internal.invoke.ExecuteStage";

  ConnectorEngine engine;
  InvocationRequest request;

  @Setup(Level.Trial)
  public void setUp() throws IllegalAccessException {
    HandlerResult response = HandlerResult.of(Fixtures.DOCUMENT);
    OperationHandler handler = (context, input) -> response;
    engine = ConnectorEngines.builder().register(Fixtures.type(handler)).instanceStore(new InMemoryInstanceStore())
        .auditSink(event -> { }).policy(PolicyEngine.allowAll()).build();
    PipelineBenchmark.install(engine);
    Object stage = find(engine, EXECUTE_STAGE);
    if (stage == null) {
      throw new IllegalStateException("no " + EXECUTE_STAGE + " reachable from the engine");
    }
    int swapped = 0;
    for (Field field : stage.getClass().getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) && ExecutorService.class.isAssignableFrom(field.getType())) {
        field.setAccessible(true);
        field.set(stage, new CallerRunsExecutor());
        swapped++;
      }
    }
    if (swapped == 0) {
      throw new IllegalStateException(EXECUTE_STAGE + " has no executor field");
    }
    request = InvocationRequest.of(Fixtures.INSTANCE_ID, Fixtures.OPERATION, Fixtures.DOCUMENT,
        PipelineBenchmark.CALLER);
    if (!(engine.invoke(request) instanceof Succeeded)) {
      throw new IllegalStateException("the inline pipeline invocation does not succeed");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    engine.close();
  }

  /** The first object of class {@code className} reachable from {@code root} through the core's objects. */
  private static @Nullable Object find(Object root, String className) throws IllegalAccessException {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> pending = new ArrayDeque<>();
    pending.add(root);
    while (!pending.isEmpty()) {
      Object current = pending.poll();
      if (!seen.add(current)) {
        continue;
      }
      if (current.getClass().getName().equals(className)) {
        return current;
      }
      if (current instanceof Collection<?> items) {
        for (Object item : items) {
          if (item != null) {
            pending.add(item);
          }
        }
        continue;
      }
      if (!current.getClass().getName().startsWith("io.cynodeai.connector.core.")) {
        continue;
      }
      for (Class<?> c = current.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
            continue;
          }
          field.setAccessible(true);
          Object value = field.get(current);
          if (value != null) {
            pending.add(value);
          }
        }
      }
    }
    return null;
  }
}

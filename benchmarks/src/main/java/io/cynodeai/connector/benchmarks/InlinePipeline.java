package io.cynodeai.connector.benchmarks;

import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.internal.AuditEmitter;
import io.cynodeai.connector.core.internal.EngineSettings;
import io.cynodeai.connector.core.internal.catalog.ConnectorTypeValidator;
import io.cynodeai.connector.core.internal.catalog.TypeRegistry;
import io.cynodeai.connector.core.internal.context.DirectNetworkAccess;
import io.cynodeai.connector.core.internal.invoke.InvocationPipeline;
import io.cynodeai.connector.core.internal.resilience.InstanceBreakers;
import io.cynodeai.connector.core.internal.resilience.RetryBudget;
import io.cynodeai.connector.core.store.InMemoryInstanceStore;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.NetworkAccess;
import io.cynodeai.connector.spi.OperationHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The engine's own invocation pipeline, wired as the engine wires it but with a {@link CallerRunsExecutor}
 * for handlers: every stage runs, only the hand-off to a handler thread is missing. A diagnostic for the
 * breakdown, never a valid engine configuration (it could not answer at the timeout cap).
 *
 * <p>The pipeline's constructor is internal and still growing, so its arguments are matched by type, and
 * parts this class does not know are taken from {@link EngineSettings#defaults()} or an in-memory
 * implementation in {@code io.cynodeai.connector.core.store}. A constructor it cannot satisfy fails only
 * the benchmarks that use this state.
 */
@State(Scope.Benchmark)
public class InlinePipeline {
  InvocationPipeline pipeline;
  InvocationRequest request;

  @Setup(Level.Trial)
  public void setUp() throws ReflectiveOperationException {
    HandlerResult response = HandlerResult.of(Fixtures.DOCUMENT);
    OperationHandler handler = (context, input) -> response;
    InMemoryInstanceStore store = new InMemoryInstanceStore();
    ConnectorEngine engine = ConnectorEngines.builder().register(Fixtures.type(handler)).instanceStore(store)
        .auditSink(event -> { }).policy(PolicyEngine.allowAll()).build();
    PipelineBenchmark.install(engine);
    engine.close();

    EngineSettings settings = EngineSettings.defaults();
    TypeRegistry types = new TypeRegistry(List.of(
        new ConnectorTypeValidator(settings).validate(Fixtures.type(handler))));
    InstanceBreakers breakers = new InstanceBreakers(settings.breakerFailureThreshold(), settings.breakerCooldown(),
        new InstanceBreakers.Listener() {
          @Override
          public void opened(String instanceId) { }

          @Override
          public void reactivated(ConnectorInstance instance, HealthResult result) { }

          @Override
          public void probeFailed(ConnectorInstance instance, HealthResult result) { }
        });
    InstanceBreakers.HealthProbe probe = instance -> HealthResult.healthy();
    Function<ConnectorInstance, NetworkAccess> network = instance -> DirectNetworkAccess.instance();
    List<Object> parts = List.of(store, types, PolicyEngine.allowAll(), new CallerRunsExecutor(), breakers, probe,
        RetryBudget.of(settings.retryBudgetRatio(), settings.minRetriesPerSecond()), Clock.systemUTC(), network,
        new AuditEmitter(event -> { }), settings);
    pipeline = construct(parts, settings);
    request = InvocationRequest.of(Fixtures.INSTANCE_ID, Fixtures.OPERATION, Fixtures.DOCUMENT,
        PipelineBenchmark.CALLER);
    if (!(pipeline.invoke(request) instanceof Succeeded)) {
      throw new IllegalStateException("the inline pipeline invocation does not succeed");
    }
  }

  private static InvocationPipeline construct(List<Object> parts, EngineSettings settings)
      throws ReflectiveOperationException {
    Constructor<?> constructor = Arrays.stream(InvocationPipeline.class.getConstructors())
        .max(Comparator.comparingInt(Constructor::getParameterCount))
        .orElseThrow(() -> new IllegalStateException("InvocationPipeline has no public constructor"));
    List<Object> args = new ArrayList<>();
    for (Class<?> type : constructor.getParameterTypes()) {
      Object arg = find(type, parts, settings);
      if (arg == null) {
        throw new IllegalStateException("cannot supply a " + type.getName() + " to " + constructor);
      }
      args.add(arg);
    }
    try {
      return (InvocationPipeline) constructor.newInstance(args.toArray());
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("InvocationPipeline refused its arguments", e.getCause());
    }
  }

  private static @Nullable Object find(Class<?> type, List<Object> parts, EngineSettings settings)
      throws ReflectiveOperationException {
    for (Object part : parts) {
      if (type.isInstance(part)) {
        return part;
      }
    }
    for (RecordComponent component : EngineSettings.class.getRecordComponents()) {
      if (type.isAssignableFrom(component.getType())) {
        return component.getAccessor().invoke(settings);
      }
    }
    try {
      Class<?> inMemory = Class.forName("io.cynodeai.connector.core.store.InMemory" + type.getSimpleName());
      return type.isAssignableFrom(inMemory) ? inMemory.getConstructor().newInstance() : null;
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}

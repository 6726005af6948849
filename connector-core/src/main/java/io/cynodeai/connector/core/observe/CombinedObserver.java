package io.cynodeai.connector.core.observe;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/** {@link EngineObserver#all}: several observers as one. Thread-safe when its observers are. */
final class CombinedObserver implements EngineObserver {
  private final List<EngineObserver> observers;

  private CombinedObserver(List<EngineObserver> observers) {
    this.observers = observers;
  }

  static EngineObserver of(List<EngineObserver> observers) {
    List<EngineObserver> kept = new ArrayList<>();
    for (EngineObserver o : observers) {
      if (Objects.requireNonNull(o, "observer") != EngineObserver.none()) {
        kept.add(o);
      }
    }
    return kept.isEmpty() ? EngineObserver.none() : kept.size() == 1 ? kept.get(0)
        : new CombinedObserver(List.copyOf(kept));
  }

  @Override
  public ObservedScope invocation(InvocationRequest request, @Nullable ObservedScope parent) {
    return open((i, o) -> o.invocation(request, parent instanceof CombinedScope c ? c.parts().get(i) : parent));
  }

  @Override
  public ObservedScope jobRun(String jobId, int attempt, InvocationRequest request) {
    return open((i, o) -> o.jobRun(jobId, attempt, request));
  }

  @Override
  public ObservedScope poll(String instanceId, boolean scheduled) {
    return open((i, o) -> o.poll(instanceId, scheduled));
  }

  @Override
  public ObservedScope webhookDelivery(String instanceId, String subscription) {
    return open((i, o) -> o.webhookDelivery(instanceId, subscription));
  }

  private ObservedScope open(BiFunction<Integer, EngineObserver, ObservedScope> start) {
    List<ObservedScope> scopes = new ArrayList<>(observers.size());
    for (int i = 0; i < observers.size(); i++) {
      scopes.add(start.apply(i, observers.get(i)));
    }
    return new CombinedScope(scopes);
  }

  /** One scope per observer, in the observers' order, so a child scope is opened under its own parent. */
  private record CombinedScope(List<ObservedScope> parts) implements ObservedScope {
    @Override
    public ObservedScope attempt(int number) {
      List<ObservedScope> attempts = new ArrayList<>(parts.size());
      for (ObservedScope s : parts) {
        attempts.add(s.attempt(number));
      }
      return new CombinedScope(attempts);
    }

    @Override
    public void outgoingHeaders(BiConsumer<String, String> header) {
      for (ObservedScope s : parts) {
        s.outgoingHeaders(header);
      }
    }

    @Override
    public void end(@Nullable Failed failure, @Nullable Integer providerStatus, int retries) {
      for (ObservedScope s : parts) {
        s.end(failure, providerStatus, retries);
      }
    }
  }
}

package io.cynodeai.connector.testkit;

import static io.cynodeai.connector.testkit.CheckCategory.FUZZ;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.ConnectorException;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.core.schema.JsonSchemaValidator;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HealthCheck;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationExample;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.testkit.ResponseMutator.Case;
import io.cynodeai.connector.testkit.ResponseMutator.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The fuzz checks of response normalization (§15, §16). A fresh engine registers a copy of the type whose
 * handlers answer whatever the check scripts, and per operation feeds its normalization stage {@link
 * FuzzProfile#casesPerOperation()} handler results: documents generated from the response schema (with the
 * examples' responses as further seeds) and {@link ResponseMutator mutations} of them. Each case is invoked
 * through the whole pipeline with the operation's first example request, and {@link NormalizationInvariants}
 * judges what came back. The first broken invariant is reported with its case number and seed, which replay
 * it. Not thread-safe; one instance per run.
 */
final class ResponseFuzzing {
  /** The engine-wide response cap of the fuzz engine (the engine's default, set explicitly). */
  static final long ENGINE_CAP = 1024 * 1024;
  private static final Duration HANG_MARGIN = Duration.ofSeconds(10);
  private static final int SAMPLE_ATTEMPTS = 20;
  /** How often each kind is drawn: valid documents a third of the time, the huge ones rarely. */
  private static final Kind[] DRAW = {Kind.VALID, Kind.VALID, Kind.VALID, Kind.VALID, Kind.VALID, Kind.RAW_JSON,
      Kind.RAW_JSON, Kind.WRONG_TYPE, Kind.WRONG_TYPE, Kind.MISSING_FIELD, Kind.MISSING_FIELD, Kind.EXTRA_FIELD,
      Kind.EXTRA_FIELD, Kind.ODD_UNICODE, Kind.ODD_UNICODE, Kind.NULL_VALUE, Kind.NULL_VALUE, Kind.DEEP_NESTING,
      Kind.NOT_JSON, Kind.NO_RESULT, Kind.HUGE_STRING, Kind.HUGE_ARRAY};

  private final ConnectorType type;
  private final JsonNode config;
  private final FuzzProfile profile;

  ResponseFuzzing(ConnectorType type, JsonNode config, FuzzProfile profile) {
    this.type = type;
    this.config = config;
    this.profile = profile;
  }

  List<CheckResult> run() {
    AtomicReference<@Nullable Case> next = new AtomicReference<>();
    OperationHandler scripted = (ctx, input) -> {
      Case c = next.get();
      return c == null ? null : c.result();
    };
    ConnectorType.Builder copy = type.toBuilder().clearOperations().healthCheck(HealthCheck.alwaysHealthy());
    List<OperationDescriptor> operations = DescriptorChecks.distinctOperations(type);
    operations.forEach(op -> copy.operation(op.toBuilder().handler(scripted)));
    List<CheckResult> checks = new ArrayList<>();
    ExecutorService caller = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "certification-fuzz");
      t.setDaemon(true);
      return t;
    });
    try (CertificationHost host = new CertificationHost(copy.build(), HostHooks.NONE,
        b -> b.limits(l -> l.withCircuitBreaker(1000, Duration.ofSeconds(30)).withMaxResponseBytes(ENGINE_CAP)))) {
      Optional<String> problem = host.deploy(config);
      for (OperationDescriptor op : operations) {
        String name = op.name() + ": response normalization under fuzzing";
        if (problem.isPresent()) {
          checks.add(CheckResult.fail(FUZZ, name, "not run: " + problem.get()));
        } else if (!op.modes().contains(ExecutionMode.SYNC)) {
          checks.add(CheckResult.notApplicable(FUZZ, name, "not run: asynchronous only (these checks drive sync calls)"));
        } else if (op.examples().isEmpty()) {
          checks.add(CheckResult.notApplicable(FUZZ, name, "not run: no example request to send"));
        } else {
          checks.add(fuzz(name, op, host, next, caller).on(CallPath.SYNC));
        }
      }
    } catch (ConnectorException e) {
      checks.add(CheckResult.fail(FUZZ, "response normalization under fuzzing",
          "the engine refused the fuzzing copy of the type: " + e.getMessage()));
    } finally {
      caller.shutdownNow();
    }
    return checks;
  }

  private CheckResult fuzz(String name, OperationDescriptor op, CertificationHost host,
      AtomicReference<@Nullable Case> next, ExecutorService caller) {
    long seed = profile.seed() ^ op.name().hashCode();
    Random random = new Random(seed);
    JsonSchemaValidator schema = JsonSchemaValidator.of(op.responseSchema());
    long cap = Math.min(op.maxResponseBytes(), ENGINE_CAP);
    NormalizationInvariants invariants = new NormalizationInvariants(schema, op.redactions(), cap);
    SchemaSampler sampler = new SchemaSampler(op.responseSchema(), random);
    ResponseMutator mutator = new ResponseMutator(random, cap);
    List<JsonNode> seeds = DescriptorChecks.distinctExamples(op).stream().map(OperationExample::response).toList();
    JsonNode request = op.examples().get(0).request();
    Map<String, Integer> kinds = new TreeMap<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int i = 1; i <= profile.casesPerOperation(); i++) {
      JsonNode valid = valid(sampler, schema, seeds, random, invariants);
      Case c = mutator.make(DRAW[random.nextInt(DRAW.length)], valid);
      kinds.merge(c.kind().label, 1, Integer::sum);
      next.set(c);
      Future<Outcome> call = caller.submit(() -> host.invoke(op, request).outcome());
      String broken;
      Outcome outcome = null;
      try {
        outcome = call.get(op.maxTimeout().plus(HANG_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        outcomes.merge(NormalizationInvariants.label(outcome), 1, Integer::sum);
        broken = invariants.check(c, outcome);
      } catch (TimeoutException e) {
        call.cancel(true);
        broken = "the engine did not answer within " + op.maxTimeout().plus(HANG_MARGIN).toMillis() + " ms";
      } catch (ExecutionException e) {
        broken = "the engine threw " + e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        broken = "interrupted";
      }
      if (broken != null) {
        return CheckResult.fail(FUZZ, name, "case " + i + " of " + profile.casesPerOperation() + " (seed "
            + profile.seed() + ", " + c.kind().label + ") broke an invariant: " + broken
            + "\nhandler result: " + NormalizationInvariants.abbreviate(c)
            + (outcome == null ? "" : "\noutcome: " + NormalizationInvariants.abbreviate(outcome))
            + "\nreplay with ConnectorCertification.fuzz(new FuzzProfile(" + profile.seed() + "L, " + i + "))");
      }
    }
    return CheckResult.pass(FUZZ, name, profile.casesPerOperation() + " cases (seed " + profile.seed() + "): "
        + kinds + "; outcomes " + outcomes);
  }

  /**
   * A document the response schema accepts: a generated one, else an example's response, with the values
   * at redacted places replaced by canaries where the schema allows it (so a leak is visible).
   */
  private static JsonNode valid(SchemaSampler sampler, JsonSchemaValidator schema, List<JsonNode> seeds, Random random,
      NormalizationInvariants invariants) {
    JsonNode doc = null;
    for (int attempt = 0; attempt < SAMPLE_ATTEMPTS && doc == null; attempt++) {
      JsonNode candidate = sampler.sample();
      if (schema.validate(candidate).isEmpty()) {
        doc = candidate;
      }
    }
    if (doc == null || random.nextInt(4) == 0) {
      doc = seeds.get(random.nextInt(seeds.size())).deepCopy(); // only operations with examples are fuzzed
    }
    return invariants.plantCanaries(doc, random);
  }
}

package io.cynodeai.connector.cli;

import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.spi.JsonResources;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Runs one operation of a spec's connector and prints the normalized envelope or the typed failure. */
@Command(mixinStandardHelpOptions = true, name = "invoke", description = "Invoke an operation of a connector (exit 7 when it fails).")
final class InvokeCommand implements Callable<Integer> {
  @ParentCommand
  Connectorctl root;

  @Parameters(index = "0", paramLabel = "NAME", description = "The spec (instance) name.")
  String name;

  @Parameters(index = "1", paramLabel = "OPERATION")
  String operation;

  @Option(names = {"-i", "--input"}, description = "The request as JSON (default: {}).", defaultValue = "{}")
  String input = "{}";

  @Option(names = "--async", description = "Submit as an async job and print its job_id at once (see "
      + "'connectorctl jobs get ID --wait 30s').")
  boolean async;

  @Option(names = {"-k", "--idempotency-key"}, description = "Repeating a call (or submit) with the same key "
      + "returns the first outcome (or job) instead of running again.")
  @Nullable String idempotencyKey;

  @Override
  public Integer call() {
    try (CliContext ctx = root.context()) {
      Outcome out;
      try {
        InvocationRequest request = InvocationRequest.of(name, operation, JsonResources.parse(input), ctx.caller)
            .withIdempotencyKey(idempotencyKey);
        out = ctx.engine().invoke(async ? request.withMode(ExecutionMode.ASYNC) : request);
      } catch (IllegalArgumentException e) {
        ctx.fail("usage", "invalid --input: " + inputProblem(e));
        return ExitCodes.USAGE;
      }
      if (out instanceof Succeeded s) {
        if (async && !ctx.json) {
          ctx.out.println(s.response().data().path("job_id").asText()); // the job id alone, for scripts
        } else {
          ctx.printJson(s.response());
        }
        return ExitCodes.OK;
      }
      Failed f = (Failed) out;
      if (ctx.json) {
        ctx.printJson(Map.of("outcome", "failed", "failure", f));
      }
      ctx.err.println(f.failureClass().wireName() + " " + f.code() + ": " + f.message());
      return ExitCodes.OPERATION_FAILED;
    }
  }

  /** What is wrong with {@code --input}, by position, without the JSON parser's internals. */
  private static String inputProblem(IllegalArgumentException e) {
    if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException json
        && json.getLocation() != null) {
      return "not valid JSON at line " + json.getLocation().getLineNr() + ", column "
          + json.getLocation().getColumnNr() + " (an object such as '{\"path\":\"/status\"}' is expected)";
    }
    return "not valid JSON (an object such as '{\"path\":\"/status\"}' is expected)";
  }
}

package io.cynodeai.connector.cli;

import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceError;
import io.cynodeai.connector.api.instance.InstanceStatus;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code check NAME}: runs the instance's health check now and sets the status it finds, the way back to
 * {@code active} after a password, certificate or server was fixed (a spec apply sees no change in the spec,
 * so it does not re-check). Exits 0 when the instance is active afterwards, 7 when the check failed.
 */
@Command(mixinStandardHelpOptions = true, name = "check", description = "Run a connector's health check now; active again if it passes (after "
    + "fixing a password, certificate or server).")
final class CheckCommand implements Callable<Integer> {
  @ParentCommand
  Connectorctl root;

  @Parameters(index = "0", paramLabel = "NAME", description = "The instance (spec name).")
  String name;

  @Override
  public Integer call() {
    try (CliContext ctx = root.context()) {
      LifecycleOutcome out = ctx.engine().instances().check(name, ctx.caller);
      if (out instanceof LifecycleOutcome.Refused r) {
        return refused(ctx, r.failure());
      }
      ConnectorInstance i = ((LifecycleOutcome.Applied) out).instance();
      boolean passed = i.status() == InstanceStatus.ACTIVE;
      InstanceError error = i.lastError();
      if (ctx.json) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", passed ? "healthy" : "unhealthy");
        body.put("instance", i.id());
        body.put("status", i.status().wireName());
        body.put("health_checked_at", i.healthCheckedAt());
        if (!passed && error != null) {
          body.put("last_error", error);
        }
        ctx.printJson(body);
      } else {
        ctx.out.println(i.id() + " " + i.status().wireName()
            + (!passed && error != null ? ": " + error.message() : ""));
      }
      return passed ? ExitCodes.OK : ExitCodes.OPERATION_FAILED;
    }
  }

  private static int refused(CliContext ctx, Failed f) {
    if (ctx.json) {
      ctx.printJson(Map.of("outcome", "rejected", "failure", f));
    }
    ctx.err.println(f.failureClass().wireName() + " " + f.code() + ": " + f.message());
    return switch (f.code()) {
      case "unknown_instance" -> ExitCodes.NOT_FOUND;
      case "store_unavailable" -> ExitCodes.IO_ERROR; // the state database could not answer
      case "invalid_config" -> ExitCodes.INVALID;
      default -> ExitCodes.REFUSED;
    };
  }
}

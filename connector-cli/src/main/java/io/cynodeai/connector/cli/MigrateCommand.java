package io.cynodeai.connector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Failed;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.spi.JsonResources;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code migrate NAME VERSION [--config JSON]}: the explicit step that moves an instance to another version
 * of its type, across a major version too (a spec refuses that as {@code major_version_change}); afterwards
 * the spec with the new pin applies cleanly.
 */
@Command(mixinStandardHelpOptions = true, name = "migrate", description = "Move an instance to another version of its type (the explicit step "
    + "a spec needs to cross a major version).")
final class MigrateCommand implements Callable<Integer> {
  @ParentCommand
  Connectorctl root;

  @Parameters(index = "0", paramLabel = "NAME", description = "The instance (spec name).")
  String name;

  @Parameters(index = "1", paramLabel = "VERSION", description = "The target version pin: 2, 2.1 or 2.1.0.")
  String version;

  @Option(names = "--config", paramLabel = "JSON", description = "A new config for the target version, when "
      + "its config schema changed.")
  @Nullable String config;

  @Override
  public Integer call() {
    JsonNode newConfig;
    try {
      newConfig = config == null ? null : JsonResources.parse(config);
    } catch (RuntimeException e) {
      root.context().fail("usage", "error: --config is not JSON");
      return ExitCodes.USAGE;
    }
    try (CliContext ctx = root.context()) {
      LifecycleOutcome out = newConfig == null ? ctx.engine().instances().migrate(name, version, ctx.caller)
          : ctx.engine().instances().migrate(name, version, newConfig, ctx.caller);
      if (out instanceof LifecycleOutcome.Refused r) {
        return refused(ctx, r.failure());
      }
      ConnectorInstance i = ((LifecycleOutcome.Applied) out).instance();
      if (ctx.json) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", "migrated");
        body.put("instance", i.id());
        body.put("type", i.connectorType());
        body.put("type_version", i.connectorTypeVersion());
        body.put("status", i.status().wireName());
        ctx.printJson(body);
      } else {
        ctx.out.println(i.id() + " migrated to " + i.connectorType() + "@" + i.connectorTypeVersion() + " ("
            + i.status().wireName() + ")");
      }
      return ExitCodes.OK;
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
      case "invalid_config", "unknown_connector_type" -> ExitCodes.INVALID;
      default -> ExitCodes.REFUSED;
    };
  }
}

package io.cynodeai.connector.cli;

import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.CredentialKey;
import io.cynodeai.connector.spi.OperationDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code types [NAME]}: the connector types connectorctl can run (discovered on its class path, as the engine
 * discovers them), with their operations and the credential keys a spec's {@code credentials} must map. Reads no
 * state: nothing is created in the state directory.
 */
@Command(mixinStandardHelpOptions = true, name = "types", description = "List the connector types, their "
    + "operations and the credential keys a spec must map.")
final class TypesCommand implements Callable<Integer> {
  @ParentCommand
  Connectorctl root;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Only this type.")
  @Nullable String name;

  @Override
  public Integer call() {
    List<ConnectorType> types = new ArrayList<>();
    for (ConnectorProvider provider : ServiceLoader.load(ConnectorProvider.class,
        Thread.currentThread().getContextClassLoader())) {
      ConnectorType type = provider.type();
      if (name == null || type.name().equals(name)) {
        types.add(type);
      }
    }
    types.sort(Comparator.comparing(ConnectorType::name).thenComparing(ConnectorType::version));
    if (name != null && types.isEmpty()) {
      root.err().println("no connector type '" + name + "'");
      return ExitCodes.NOT_FOUND;
    }
    if (root.output == Connectorctl.Format.json) {
      root.printJson(Map.of("types", types.stream().map(TypesCommand::json).toList()));
      return ExitCodes.OK;
    }
    for (ConnectorType type : types) {
      root.out().println(type.coordinates() + (type.description().isBlank() ? "" : "  " + type.description()));
      for (OperationDescriptor op : type.operations()) {
        root.out().println("  operation " + op.name() + " (" + String.join(", ", op.modes().stream()
            .map(m -> m.wireName()).sorted().toList()) + (op.mutating() ? ", mutating" : "") + ")");
      }
      for (CredentialKey key : type.credentialKeys()) {
        root.out().println("  credential " + key.name() + (key.required() ? " (required)" : " (optional)")
            + (key.description().isBlank() ? "" : "  " + key.description()));
      }
    }
    return ExitCodes.OK;
  }

  private static Map<String, Object> json(ConnectorType type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", type.name());
    m.put("version", type.version());
    m.put("description", type.description());
    m.put("operations", type.operations().stream().map(op -> Map.of("name", op.name(), "mutating",
        op.mutating(), "modes", op.modes().stream().map(x -> x.wireName()).sorted().toList())).toList());
    m.put("credential_keys", type.credentialKeys().stream().map(k -> Map.of("name", k.name(), "description",
        k.description(), "required", k.required())).toList());
    return m;
  }
}

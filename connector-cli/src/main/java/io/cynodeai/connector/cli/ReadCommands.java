package io.cynodeai.connector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cynodeai.connector.api.spec.ConnectorSpec;
import io.cynodeai.connector.api.spec.SpecStatus;
import io.cynodeai.connector.core.spec.SpecFiles;
import io.cynodeai.connector.spi.JsonResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The read-only commands: get, list, status. */
final class ReadCommands {
  private ReadCommands() {}

  @Command(mixinStandardHelpOptions = true, name = "get", description = "Print a stored spec (YAML, or JSON with -o json).")
  static final class Get implements Callable<Integer> {
    @ParentCommand
    Connectorctl root;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (CliContext ctx = root.context()) {
        Optional<ConnectorSpec> spec = ctx.engine().specs().get(name, ctx.caller);
        if (spec.isEmpty()) {
          ctx.fail("not_found", "no spec named '" + name + "'");
          return ExitCodes.NOT_FOUND;
        }
        JsonNode tree = wholeNumbers(JsonResources.parse(SpecFiles.toJson(spec.get())));
        (ctx.json ? tree.toPrettyString() : yaml(tree)).lines().forEach(ctx.out::println);
        return ExitCodes.OK;
      }
    }

    /** The tree with numbers that are whole written as integers ({@code rps: 2}, not {@code 2.0}). */
    static JsonNode wholeNumbers(JsonNode node) {
      if (node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue())
          && Math.abs(node.doubleValue()) < 1e15) {
        return com.fasterxml.jackson.databind.node.LongNode.valueOf((long) node.doubleValue());
      }
      if (node.isObject()) {
        com.fasterxml.jackson.databind.node.ObjectNode out = ((com.fasterxml.jackson.databind.node.ObjectNode) node);
        out.properties().forEach(e -> e.setValue(wholeNumbers(e.getValue())));
        return out;
      }
      if (node.isArray()) {
        com.fasterxml.jackson.databind.node.ArrayNode out = (com.fasterxml.jackson.databind.node.ArrayNode) node;
        for (int i = 0; i < out.size(); i++) {
          out.set(i, wholeNumbers(out.get(i)));
        }
        return out;
      }
      return node;
    }

    private static String yaml(JsonNode tree) {
      try {
        return new YAMLMapper().writeValueAsString(tree);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "List the stored specs.")
  static final class ListSpecs implements Callable<Integer> {
    @ParentCommand
    Connectorctl root;

    @Override
    public Integer call() {
      try (CliContext ctx = root.context()) {
        // listing an empty (or no) state directory creates nothing
        List<ConnectorSpec> specs = ctx.hasState() ? ctx.engine().specs().list(ctx.caller) : List.of();
        if (ctx.json) {
          ctx.printJson(specs.stream().map(s -> JsonResources.parse(SpecFiles.toJson(s))).toList());
          return ExitCodes.OK;
        }
        ctx.out.println(String.format("%-24s %-12s %-8s %-8s %s", "NAME", "TYPE", "VERSION", "ENABLED", "RV"));
        for (ConnectorSpec s : specs) {
          ctx.out.println(String.format("%-24s %-12s %-8s %-8s %s", s.name(), s.spec().type(),
              s.spec().typeVersion(), s.spec().enabled(), s.metadata().resourceVersion()));
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "status", description = "Show the status of a spec's connector.")
  static final class Status implements Callable<Integer> {
    @ParentCommand
    Connectorctl root;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (CliContext ctx = root.context()) {
        Optional<SpecStatus> status = ctx.engine().specs().status(name, ctx.caller);
        if (status.isEmpty()) {
          ctx.fail("not_found", "no spec named '" + name + "'");
          return ExitCodes.NOT_FOUND;
        }
        if (ctx.json) {
          ctx.printJson(status.get());
        } else {
          ctx.out.println(Printer.statusLine(status.get()));
        }
        return ExitCodes.OK;
      }
    }
  }
}

package io.cynodeai.connector.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code completion}: prints the bash (and zsh, with {@code bashcompinit}) completion script for every command
 * and option, generated from the command model, so it never falls behind: {@code source <(connectorctl
 * completion)}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = "Print a bash/zsh completion script: source <(connectorctl completion)")
final class CompletionCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    String script = AutoComplete.bash(root.getCommandName(), root);
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}

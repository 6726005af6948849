package io.cynodeai.connector.mcp.server;

import io.cynodeai.connector.api.Caller;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The standalone server's command line: who it acts for, its tenancy, where its state lives and where its
 * connectors may connect. An unknown option or a missing value is refused.
 *
 * @param user the user id to act as (default: the OS user)
 * @param project the project to act in, if any
 * @param groups the groups the user acts through
 * @param tenancy {@code single} (default, like connectorctl) or {@code strict}
 * @param stateDir where the state database, audit log and secrets live; null for an in-memory session
 * @param egress public, loopback or unrestricted; null for public
 * @param help whether {@code --help} was asked for
 */
record McpOptions(String user, @Nullable String project, List<String> groups, String tenancy,
    @Nullable Path stateDir, @Nullable String egress, boolean help) {

  static final String USAGE = """
      usage: java -jar connector-mcp-server.jar [--user ID] [--group ID]... [--project ID]
                 [--tenancy single|strict] [--state-dir DIR] [--egress public|loopback|unrestricted]
        --user       the user id the server acts as (default: the OS user)
        --group      a group the user acts through (repeatable); owner of group-owned specs under strict tenancy
        --project    the project the user acts in
        --tenancy    single (default, like connectorctl: every instance is reachable whatever its owner and
                     project) or strict (the tenancy boundaries apply to the user, groups and project above)
        --state-dir  keep specs, instances and jobs in DIR (the H2 database connectorctl uses, audit.jsonl,
                     secrets in DIR/secrets/<name>/<key>); without it the state lasts for the session
        --egress     where connectors may connect (default public addresses only)""";

  static McpOptions parse(String[] args) {
    String user = null;
    String project = null;
    String tenancy = "single";
    Path stateDir = null;
    String egress = null;
    boolean help = false;
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        help = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(arg.startsWith("--") && known(arg) ? "option " + arg + " needs a value"
            : "unknown option '" + arg + "'");
      }
      String value = args[++i];
      switch (arg) {
        case "--user" -> user = value;
        case "--project" -> project = value;
        case "--group" -> groups.add(value);
        case "--tenancy" -> tenancy = value.toLowerCase(Locale.ROOT);
        case "--state-dir" -> stateDir = Path.of(value);
        case "--egress" -> egress = value;
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    if (!tenancy.equals("single") && !tenancy.equals("strict")) {
      throw new IllegalArgumentException("--tenancy must be single or strict, was '" + tenancy + "'");
    }
    McpMain.egress(egress); // refuses an unknown mode now rather than at start
    String who = user != null ? user : System.getProperty("user.name", "operator");
    return new McpOptions(who.isBlank() ? "operator" : who, project, List.copyOf(groups), tenancy, stateDir,
        egress, help);
  }

  private static boolean known(String option) {
    return List.of("--user", "--project", "--group", "--tenancy", "--state-dir", "--egress").contains(option);
  }

  Caller caller() {
    return new Caller(user, groups, project);
  }
}

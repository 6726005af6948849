package io.cynodeai.connector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.spi.HealthResult;
import io.cynodeai.connector.spi.JsonResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** connectorctl end to end, in process: real files, a real state directory, the real engine. */
@Tag("REQ-DECL-019")
class ConnectorctlTest {
  @TempDir
  Path tmp;
  private Path spec;

  record Run(int code, String out, String err) {
    JsonNode json() {
      return JsonResources.parse(out);
    }
  }

  @BeforeEach
  void writeSeed() throws IOException {
    spec = tmp.resolve("ops-mail.yaml");
    try (InputStream in = getClass().getResourceAsStream("/specs/ops-mail.yaml")) {
      Files.write(spec, in.readAllBytes());
    }
    SeedSecrets.write(tmp.resolve("state"));
  }

  private Run run(String... args) {
    CliRun r = CliRun.of(tmp, args);
    return new Run(r.code(), r.out(), r.err());
  }

  @Test
  @Tag("REQ-VER-002")
  void discoveredMinorVersionsThatBreakTheirPredecessorAreRefusedUnlessAllowed() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Connectorctl.run(new String[] {"--state-dir", tmp.resolve("state").toString(), "--user", "ops",
        "validate", spec.toString()}, new PrintWriter(out), new PrintWriter(err));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: minor and patch versions must be additive only (§3.1)")
        .containsPattern("imap@1\\.0\\.0 -> imap@1\\.99\\.0: not allowed, \\d+ breaking changes need a major version"
            + " increase\n")
        .contains("\n  OPERATION_REMOVED at operation getMessage: no longer offered\n");
    assertThat(run("validate", spec.toString()).code()).as("with --allow-incompatible-minor-versions").isZero();
  }

  private void edit(String from, String to) throws IOException {
    Files.writeString(spec, Files.readString(spec).replace(from, to));
  }

  @Test
  void typesListsOperationsAndTheCredentialKeysASpecMustMapWithoutCreatingState() {
    Run imap = run("types", "imap");
    assertThat(imap.code()).isEqualTo(ExitCodes.OK);
    assertThat(imap.out()).contains("imap@1.0.0", "  operation readInbox (sync)",
        "  credential username (required)  the mailbox login name", "  credential password (required)");
    Run json = run("-o", "json", "types", "imap");
    assertThat(json.out()).contains("\"credential_keys\" : [ {", "\"name\" : \"username\"");
    Run unknown = run("types", "nope");
    assertThat(unknown.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(unknown.err()).contains("no connector type 'nope'");
    assertThat(tmp.resolve("state").resolve("state.mv.db")).as("types opens no state database").doesNotExist();
  }

  @Test
  void validateAcceptsTheSeedExampleAndReportsProblemsWithFileLineAndColumn() throws IOException {
    Run ok = run("validate", spec.toString());
    assertThat(ok.code()).isEqualTo(ExitCodes.OK);
    assertThat(ok.out()).isEqualTo("1 spec(s) valid: ops-mail\n");
    edit("port: 993", "port: \"993\"");
    Run bad = run("validate", spec.toString());
    assertThat(bad.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(bad.err()).contains("ops-mail.yaml:16:11: /spec/config/port: ").contains("[invalid_config]")
        .contains("nothing was applied");
  }

  @Test
  @Tag("REQ-DECL-004")
  void aSecretProviderTheCliDoesNotHaveIsRefusedAtItsPath() throws IOException {
    edit("provider: cynode-vault", "provider: hashicorp-vault");

    Run bad = run("validate", spec.toString());

    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("/spec/credentials/secretRef/provider").contains("[unknown_secret_provider]");
    assertThat(run("apply", spec.toString()).code()).isNotZero();
    assertThat(run("get", "ops-mail").code()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void aSpecCannotReachTheProcessEnvironmentOrASecretFileThatIsNotThere() throws IOException {
    edit("provider: cynode-vault", "provider: env");
    Run env = run("apply", spec.toString());
    edit("provider: env", "provider: cynode-vault");
    edit("name: imap-ops-mail-creds", "name: no-such-creds");
    Run missing = run("validate", spec.toString());

    assertThat(env.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(env.err()).contains("/spec/credentials/secretRef/name").contains("[secret_not_in_scope]")
        .contains("nothing was applied");
    assertThat(missing.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(missing.err()).contains("[secret_not_in_scope]").contains("cynode-vault:no-such-creds")
        .contains("hint: connectorctl reads cynode-vault: and file: secrets from " + tmp.resolve("state/secrets"));
    assertThat(run("get", "ops-mail").code()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void everyCommandHasHelpAHelpCommandAndShellCompletion() {
    Run applyHelp = run("apply", "--help");
    Run jobsGetHelp = run("jobs", "get", "-h");
    Run helpCommand = run("help", "diff");
    Run completion = run("completion");
    Run completionHelp = run("completion", "--help");

    assertThat(applyHelp.code()).isZero();
    assertThat(applyHelp.out()).contains("Usage: connectorctl apply").doesNotContain("Missing required");
    assertThat(jobsGetHelp.code()).isZero();
    assertThat(jobsGetHelp.out()).contains("Usage: connectorctl jobs get");
    assertThat(helpCommand.code()).isZero();
    assertThat(helpCommand.out()).contains("Usage: connectorctl diff");
    assertThat(completion.code()).isZero();
    assertThat(completion.out()).contains("complete -F _complete_connectorctl").contains("connectorctl")
        .contains("jobs").contains("dead-letters").contains("--wait");
    assertThat(completionHelp.out()).contains("Usage: connectorctl completion");
  }

  @Test
  void everySubcommandAnswersHelpWithItsUsage() {
    picocli.CommandLine root = new picocli.CommandLine(new Connectorctl());
    java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
    root.getSubcommands().forEach((name, sub) -> {
      paths.add(List.of(name));
      sub.getSubcommands().keySet().forEach(child -> paths.add(List.of(name, child)));
    });
    assertThat(paths).hasSizeGreaterThan(15);
    for (List<String> path : paths) {
      for (String flag : List.of("-h", "--help")) {
        java.util.List<String> args = new java.util.ArrayList<>(path);
        args.add(flag);
        Run help = run(args.toArray(String[]::new));
        assertThat(help.code()).as(args.toString()).isZero();
        assertThat(help.out()).as(args.toString()).contains("Usage: connectorctl " + String.join(" ", path) + " ");
      }
    }
  }

  @Test
  void aMissingFileAndABadInputAreSaidPlainly() {
    Run missing = run("validate", tmp.resolve("nope.yaml").toString());
    Run badInput = run("invoke", "ops-mail", "readInbox", "--input", "{bad");

    assertThat(missing.code()).isEqualTo(ExitCodes.IO_ERROR);
    assertThat(missing.err()).isEqualTo("error: no such file or directory: " + tmp.resolve("nope.yaml") + "\n");
    assertThat(badInput.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badInput.err()).startsWith("invalid --input: not valid JSON at line 1, column 2")
        .doesNotContain("StreamReadFeature").doesNotContain("Unexpected character");
  }

  @Test
  void listingWhereNothingWasAppliedCreatesNoStateDirectory() {
    Run list = run("list");

    assertThat(list.code()).isZero();
    assertThat(list.out()).startsWith("NAME");
    assertThat(tmp.resolve("state/state.mv.db")).doesNotExist();
  }

  @Test
  void twoFilesOfTheSameNameEachKeepTheirOwnProblems() throws IOException {
    Path a = Files.createDirectories(tmp.resolve("a")).resolve("ops-mail.yaml");
    Path b = Files.createDirectories(tmp.resolve("b")).resolve("ops-mail.yaml");
    Files.writeString(a, Files.readString(spec).replace("port: 993", "port: \"993\""));
    Files.writeString(b, Files.readString(spec).replace("name: ops-mail", "name: Bad_Name"));

    Run both = run("validate", a.toString(), b.toString());

    assertThat(both.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(both.err()).contains(a + ":").contains(b + ":").contains("/spec/config/port")
        .contains("/metadata/name");
  }

  @Test
  void anAsyncInvocationPrintsTheJobIdAlone() {
    assertThat(run("apply", spec.toString()).code()).isZero();

    Run submitted = run("invoke", "ops-mail", "readInbox", "--async");

    assertThat(submitted.code()).isZero();
    assertThat(submitted.out()).matches("[0-9a-f-]{36}\n");
  }

  @Test
  void applyThenDiffThenGetListStatusInvokeAndDelete() throws IOException {
    Run diff = run("diff", spec.toString());
    assertThat(diff.code()).isEqualTo(ExitCodes.CHANGES);
    assertThat(diff.out()).isEqualTo("+ ops-mail (create)\n");

    Run apply = run("apply", spec.toString());
    assertThat(apply.code()).isEqualTo(ExitCodes.OK);
    assertThat(apply.out()).startsWith("+ ops-mail (create)\nops-mail").contains("active").contains("rv=1");

    Run same = run("diff", spec.toString());
    assertThat(same.code()).isEqualTo(ExitCodes.OK);
    assertThat(same.out()).isEqualTo("= ops-mail (no change)\n");

    edit("port: 993", "port: 994");
    Run changed = run("diff", spec.toString());
    assertThat(changed.code()).isEqualTo(ExitCodes.CHANGES);
    assertThat(changed.out()).isEqualTo("~ ops-mail (update)\n    /spec/config/port: 993 -> 994\n");
    assertThat(run("apply", spec.toString()).code()).isZero();

    Run get = run("get", "ops-mail");
    assertThat(get.out()).as("a whole number stays whole").contains("rps: 2\n").doesNotContain("rps: 2.0");
    assertThat(get.out()).contains("name: \"ops-mail\"").contains("port: 994").contains("resourceVersion: \"2\"");
    JsonNode list = run("-o", "json", "list").json();
    assertThat(list.get(0).at("/metadata/name").asText()).isEqualTo("ops-mail");
    JsonNode status = run("status", "ops-mail", "-o", "json").json();
    assertThat(status.get("status").asText()).isEqualTo("active");
    assertThat(status.get("resourceVersion").asText()).isEqualTo("2");

    Run invoke = run("invoke", "ops-mail", "readInbox");
    assertThat(invoke.code()).isEqualTo(ExitCodes.OK);
    assertThat(invoke.json().at("/data/messages/0/subject").asText()).isEqualTo("disk full");
    Run unknownOp = run("invoke", "ops-mail", "sendMail");
    assertThat(unknownOp.code()).isEqualTo(ExitCodes.OPERATION_FAILED);
    assertThat(unknownOp.err()).startsWith("validation_error unknown_operation");

    assertThat(run("delete", "ops-mail").code()).isEqualTo(ExitCodes.OK);
    assertThat(run("get", "ops-mail").code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run("delete", "ops-mail").code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(Files.readString(tmp.resolve("state/audit.jsonl"))).contains("\"spec.apply\"")
        .contains("\"spec.delete\"");
  }

  @Test
  @Tag("REQ-DECL-013")
  void stateSurvivesBetweenRunsWithoutRecreatingInstancesOrOverwritingDrift() throws IOException {
    assertThat(run("apply", spec.toString()).code()).isZero();
    String uid = run("-o", "json", "status", "ops-mail").json().get("uid").asText();
    assertThat(run("invoke", "ops-mail", "readInbox").code()).isZero();
    assertThat(run("-o", "json", "status", "ops-mail").json().get("uid").asText()).isEqualTo(uid);
    assertThat(run("diff", spec.toString()).out()).isEqualTo("= ops-mail (no change)\n");
    String audit = Files.readString(tmp.resolve("state/audit.jsonl"));
    assertThat(audit).doesNotContain("drift_overwritten").doesNotContain("spec.reconcile");
    assertThat(audit.lines().filter(l -> l.contains("\"spec.apply\""))).hasSize(1);
    assertThat(tmp.resolve("state/state.mv.db")).exists();
  }

  @Test
  @Tag("REQ-EXEC-007")
  @Tag("REQ-EXEC-009")
  void asyncInvocationsAreJobsThatJobsCommandsGetCancelListRequeueAndPurge() throws IOException {
    assertThat(run("apply", spec.toString()).code()).isZero();
    Run submitted = run("-o", "json", "invoke", "ops-mail", "readInbox", "--async", "-k", "k1");
    assertThat(submitted.code()).isZero();
    String jobId = submitted.json().at("/data/job_id").asText();
    assertThat(run("-o", "json", "invoke", "ops-mail", "readInbox", "--async", "-k", "k1").json()
        .at("/data/job_id").asText()).isEqualTo(jobId);

    JsonNode pending = run("-o", "json", "jobs", "get", jobId).json();
    assertThat(pending.get("state").asText()).isEqualTo("pending");
    Run done = run("-o", "json", "jobs", "get", jobId, "--wait", "20s");
    assertThat(done.code()).isEqualTo(ExitCodes.OK);
    assertThat(done.json().get("state").asText()).isEqualTo("succeeded");
    assertThat(done.json().at("/result/data/messages/0/subject").asText()).isEqualTo("disk full");
    Run text = run("jobs", "get", jobId);
    assertThat(text.out()).startsWith(jobId + "  ops-mail/readInbox  succeeded  attempts=1/");
    assertThat(run("jobs", "cancel", jobId).code()).isEqualTo(ExitCodes.REFUSED);

    String queued = run("-o", "json", "invoke", "ops-mail", "readInbox", "--async").json().at("/data/job_id")
        .asText();
    Run canceled = run("jobs", "cancel", queued);
    assertThat(canceled.code()).isZero();
    assertThat(canceled.out()).isEqualTo(queued + ": canceled\n");
    assertThat(run("jobs", "get", queued).code()).isEqualTo(ExitCodes.OPERATION_FAILED);

    String doomed = run("-o", "json", "invoke", "ops-mail", "explode", "--async").json().at("/data/job_id")
        .asText();
    Run failed = run("-o", "json", "jobs", "get", doomed, "--wait", "20s");
    assertThat(failed.code()).isEqualTo(ExitCodes.OPERATION_FAILED);
    assertThat(failed.json().at("/failure/code").asText()).isEqualTo("mailbox_gone");
    JsonNode dead = run("-o", "json", "jobs", "dead-letters").json();
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).get("job_id").asText()).isEqualTo(doomed);
    assertThat(dead.at("/0/history/0/error_code").asText()).isEqualTo("mailbox_gone");
    assertThat(run("jobs", "requeue", doomed).code()).isZero();
    assertThat(run("-o", "json", "jobs", "get", doomed).json().get("state").asText()).isEqualTo("pending");
    Run notDead = run("-o", "json", "jobs", "purge", doomed);
    assertThat(notDead.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(notDead.json().get("outcome").asText()).isEqualTo("not_dead_letter");

    assertThat(run("jobs", "get", "no-such-job").code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run("jobs", "cancel", "no-such-job").code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run("jobs", "requeue", "no-such-job").code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run("jobs", "get", jobId, "--wait", "soon").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  @Tag("REQ-EXEC-007")
  void waitingForOneJobRunsThatJobAloneAndLeavesTheOthersPending() {
    assertThat(run("apply", spec.toString()).code()).isZero();
    String first = run("invoke", "ops-mail", "readInbox", "--async").out().strip();
    String second = run("invoke", "ops-mail", "readInbox", "--async").out().strip();
    String third = run("invoke", "ops-mail", "explode", "--async").out().strip();

    Run waited = run("-o", "json", "jobs", "get", second, "--wait", "20s");

    assertThat(waited.code()).isZero();
    assertThat(waited.json().get("state").asText()).isEqualTo("succeeded");
    for (String other : List.of(first, third)) {
      JsonNode job = run("-o", "json", "jobs", "get", other).json();
      assertThat(job.get("state").asText()).as(other).isEqualTo("pending");
      assertThat(job.get("attempts").asInt()).as(other).isZero();
      assertThat(job.get("history")).as(other).isEmpty();
      assertThat(job.get("dead_lettered_at").isNull()).as(other).isTrue();
    }
    assertThat(run("-o", "json", "jobs", "dead-letters").json()).isEmpty();
  }

  @Test
  void aStaleResourceVersionIsRefusedWithExitCode4() throws IOException {
    run("apply", spec.toString());
    edit("  projectId: 3a91... # optional\n", "  projectId: 3a91...\n  resourceVersion: \"7\"\n");
    Run r = run("apply", spec.toString(), "-o", "json");
    assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.json().at("/failure/code").asText()).isEqualTo("conflict");
    assertThat(r.json().at("/problems/0/pointer").asText()).isEqualTo("/metadata/resourceVersion");
    Run text = run("apply", spec.toString());
    assertThat(text.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(text.err()).endsWith("refused (conflict): nothing was applied\n").doesNotContain("validation_error");
  }

  @Test
  void aDirectoryIsOneAllOrNothingBatch() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("specs"));
    Files.writeString(dir.resolve("a.yaml"), Files.readString(spec).replace("name: ops-mail", "name: a"));
    Files.writeString(dir.resolve("b.yaml"), Files.readString(spec).replace("name: ops-mail", "name: b")
        .replace("tls: true", "tls: 1"));
    Run bad = run("apply", dir.toString());
    assertThat(bad.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(bad.err()).contains("b.yaml:").doesNotContain("a.yaml:");
    assertThat(run("list").out()).doesNotContain("a ");
    Files.writeString(dir.resolve("b.yaml"), Files.readString(dir.resolve("b.yaml")).replace("tls: 1", "tls: true"));
    Run ok = run("apply", dir.toString());
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).contains("+ a (create)").contains("+ b (create)");
  }

  @Test
  void aLargeApplyReportsProgressAtEveryTenthOnStandardError() throws IOException {
    String seed = Files.readString(spec);
    StringBuilder batch = new StringBuilder();
    for (int i = 1; i <= 250; i++) {
      batch.append(i == 1 ? "" : "---\n").append(seed.replace("name: ops-mail", "name: mail-" + i));
    }
    Path big = Files.writeString(tmp.resolve("many.yaml"), batch);
    Run r = run("apply", big.toString());
    assertThat(r.code()).isZero();
    List<String> progress = r.err().lines().filter(l -> l.startsWith("applying: ")).toList();
    assertThat(progress).hasSize(10)
        .startsWith("applying: 25/250 specs (10%)").endsWith("applying: 250/250 specs (100%)");
    assertThat(r.out().lines().filter(l -> l.startsWith("+ mail-"))).hasSize(250);

    Run again = run("-o", "json", "apply", big.toString());
    assertThat(again.code()).isZero();
    assertThat(again.err()).doesNotContain("applying");
    assertThat(again.json().get("changes")).hasSize(250);
  }

  @Test
  void filesValidatedOneByOneReportProgressAndSmallRunsStayQuiet() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("fleet"));
    String seed = Files.readString(spec);
    for (int i = 1; i <= 120; i++) {
      Files.writeString(dir.resolve("m" + i + ".yaml"), seed.replace("name: ops-mail", "name: m-" + i));
    }
    Run joined = run("validate", dir.toString());
    assertThat(joined.code()).isZero();
    assertThat(joined.out()).startsWith("120 spec(s) valid: m-1, m-10, m-100, ");
    assertThat(joined.err()).as("YAML files are validated as one stream, at once").isEmpty();

    assertThat(run("apply", dir.resolve("m1.yaml").toString()).code()).isZero();
    Files.writeString(dir.resolve("m1.json"), run("-o", "json", "get", "m-1").out().replace("\"m-1\"", "\"j-1\""));
    Run mixed = run("validate", dir.toString());
    assertThat(mixed.code()).isZero();
    assertThat(mixed.err().lines().filter(l -> l.startsWith("validating: "))).as("YAML and JSON: file by file")
        .hasSize(10).endsWith("validating: 121/121 files (100%)");
    assertThat(run("apply", spec.toString()).err()).isEmpty();
  }

  @Test
  void directoriesAreReadWithTheirSubdirectoriesTheSameWayByValidateDiffAndApply() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("tree/team-a/mail"));
    Files.createDirectories(tmp.resolve("tree/.hidden"));
    String seed = Files.readString(spec);
    Files.writeString(tmp.resolve("tree/top.yaml"), seed.replace("name: ops-mail", "name: top"));
    Files.writeString(dir.resolve("deep.yml"), seed.replace("name: ops-mail", "name: deep"));
    Files.writeString(tmp.resolve("tree/.hidden/skipped.yaml"), "not: a spec");
    Path tree = tmp.resolve("tree");

    assertThat(run("validate", tree.toString()).out()).isEqualTo("2 spec(s) valid: deep, top\n");
    Run diff = run("diff", tree.toString());
    assertThat(diff.code()).isEqualTo(ExitCodes.CHANGES);
    assertThat(diff.out()).isEqualTo("+ deep (create)\n+ top (create)\n");
    Run apply = run("apply", tree.toString());
    assertThat(apply.code()).isZero();
    assertThat(apply.out()).startsWith("+ deep (create)\n+ top (create)\n");

    Path empty = Files.createDirectories(tmp.resolve("empty/sub"));
    for (String command : List.of("validate", "diff", "apply")) {
      Run r = run(command, empty.getParent().toString());
      assertThat(r.code()).as(command).isEqualTo(ExitCodes.INVALID);
      assertThat(r.err()).as(command).isEqualTo(empty.getParent() + ": /: no spec files (.yaml, .yml, .json) in "
          + "this directory or below it [no_spec_files]\ninvalid: nothing was applied\n");
    }
  }

  @Test
  void aRefusalOfOneFileAmongManyNamesThatFileItsLineAndColumn() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("specs/sub"));
    String seed = Files.readString(spec);
    Path a = Files.writeString(tmp.resolve("specs/a.yaml"), seed.replace("name: ops-mail", "name: a"));
    Path b = Files.writeString(dir.resolve("b.yaml"), seed.replace("name: ops-mail", "name: b"));
    assertThat(run("apply", tmp.resolve("specs").toString()).code()).isZero();
    Files.writeString(b, Files.readString(b).replace("  projectId: 3a91... # optional\n",
        "  projectId: 3a91...\n  resourceVersion: \"7\"\n"));
    List<String> lines = Files.readAllLines(b);
    int line = lines.indexOf("  resourceVersion: \"7\"") + 1;

    Run conflict = run("apply", tmp.resolve("specs").toString());

    assertThat(conflict.code()).isEqualTo(ExitCodes.REFUSED);
    assertThat(conflict.err()).startsWith(b + ":" + line + ":20: /metadata/resourceVersion: ")
        .doesNotContain("files").doesNotContain("(document").doesNotContain(a.toString());
    JsonNode json = run("-o", "json", "apply", tmp.resolve("specs").toString()).json();
    assertThat(json.at("/problems/0/file").asText()).isEqualTo(b.toString());
    assertThat(json.at("/problems/0/line").asInt()).isEqualTo(line);

    Files.writeString(b, seed.replace("name: ops-mail", "name: a"));
    Run duplicate = run("validate", tmp.resolve("specs").toString());
    assertThat(duplicate.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(duplicate.err()).startsWith(b + ":4:").contains("/metadata/name").doesNotContain("files");
  }

  @Test
  @Tag("REQ-VER-003")
  void migrateIsTheExplicitVersionStepWithMeaningfulExitCodes() {
    assertThat(run("apply", spec.toString()).code()).isZero();
    Run moved = run("migrate", "ops-mail", "1.99");
    assertThat(moved.code()).as(moved.err()).isZero();
    assertThat(moved.out()).isEqualTo("ops-mail migrated to imap@1.99.0 (active)\n");
    assertThat(run("-o", "json", "migrate", "ops-mail", "1.99.0").json().get("type_version").asText())
        .isEqualTo("1.99.0");
    assertThat(run("migrate", "no-such", "1").code()).isEqualTo(ExitCodes.NOT_FOUND);
    Run unknown = run("migrate", "ops-mail", "9");
    assertThat(unknown.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(unknown.err()).contains("unknown_connector_type");
    assertThat(run("migrate", "ops-mail", "1", "--config", "{not json").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void checkBringsACredentialExpiredInstanceBackAfterTheFixWhereApplySeesNoChange() {
    try {
      TestImapProvider.HEALTH.set(HealthResult.credentialsRejected("the IMAP server rejected the credentials"));
      assertThat(run("apply", spec.toString()).code()).isZero();
      assertThat(run("-o", "json", "status", "ops-mail").json().get("status").asText())
          .isEqualTo("credential_expired");
      Run failing = run("check", "ops-mail");
      assertThat(failing.code()).isEqualTo(ExitCodes.OPERATION_FAILED);
      assertThat(failing.out()).isEqualTo("ops-mail credential_expired: the IMAP server rejected the credentials\n");

      TestImapProvider.HEALTH.set(HealthResult.healthy()); // the password was fixed where the secret lives
      assertThat(run("apply", spec.toString()).out()).startsWith("= ops-mail (no change)");
      Run fixed = run("check", "ops-mail");

      assertThat(fixed.code()).as(fixed.err()).isZero();
      assertThat(fixed.out()).isEqualTo("ops-mail active\n");
      JsonNode status = run("-o", "json", "status", "ops-mail").json();
      assertThat(status.get("status").asText()).isEqualTo("active");
      assertThat(status.path("last_error").isMissingNode() || status.path("last_error").isNull()).as(status.toString())
          .isTrue();
      assertThat(run("check", "no-such").code()).isEqualTo(ExitCodes.NOT_FOUND);
    } finally {
      TestImapProvider.HEALTH.set(HealthResult.healthy());
    }
  }

  @Test
  void badCommandLinesExitWith2() {
    assertThat(run("frobnicate").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("apply").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("--help").code()).isZero();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}

package io.cynodeai.connector.traceability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("REQ-GOV-009")
class RequirementsParserTest {
  private final RequirementsParser parser = new RequirementsParser();

  @Test
  void readsSpecIdsAndTheirRowsInFileOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("requirements.md");
    Files.writeString(file, """
        # Requirements

        Prose with a table that is not a requirements table:

        | Term | Meaning |
        |---|---|
        | ID | an identifier |

        ## ExecutionModel (EXEC)

        | ID | Requirement | Spec § | Status |
        |---|---|---|---|
        | REQ-EXEC-001 | Operations declare `sync` \\| `async`. | §2.1 | implemented |
        | REQ-EXEC-002 | Jobs have a record. | §2.2 | planned |

        ## Conventions

        ## RetryModel (RETRY)

        | ID | Requirement | Spec § | Status |
        |:--|---|---|--:|
        | REQ-RETRY-001 | Failures are classified. | §5.1 | planned |
        """, StandardCharsets.UTF_8);

    RequirementsDocument document = parser.parse(file);

    assertThat(document.groups()).extracting(SpecGroup::name, SpecGroup::code)
        .containsExactly(
            tuple("ExecutionModel", "EXEC"),
            tuple("RetryModel", "RETRY"));
    assertThat(document.requirements()).extracting(Requirement::id)
        .containsExactly("REQ-EXEC-001", "REQ-EXEC-002", "REQ-RETRY-001");
    Requirement first = document.find("REQ-EXEC-001").orElseThrow();
    assertThat(first.text()).isEqualTo("Operations declare `sync` | `async`.");
    assertThat(first.section()).isEqualTo("§2.1");
    assertThat(first.status()).isEqualTo(Status.IMPLEMENTED);
    assertThat(first.line()).isEqualTo(13);
    assertThat(document.find("REQ-EXEC-002").orElseThrow().status()).isEqualTo(Status.PLANNED);
  }

  @Test
  void reportsEveryFormatProblemWithItsLine() {
    List<String> lines = List.of(
        "| REQ-EXEC-009 | Outside any Spec ID. | §2 | planned |", // 1
        "## ExecutionModel (EXEC)", // 2
        "| ID | Requirement | Status |", // 3
        "| REQ-EXEC-001 | One. | §2.1 | implemented |", // 4
        "| REQ-EXEC-001 | Same ID again. | §2.1 | planned |", // 5
        "| REQ-RETRY-001 | Wrong Spec ID. | §5 | planned |", // 6
        "| REQ-EXEC-002 | Unknown status. | §2 | done |", // 7
        "| REQ-EXEC-3 | Malformed ID. | §2 | planned |", // 8
        "| REQ-EXEC-004 | Missing a cell. | planned |", // 9
        "## Again (EXEC)"); // 10

    RequirementsFormatException failure =
        catchThrowableOfType(RequirementsFormatException.class, () -> parser.parse(lines, "req.md"));

    assertThat(failure.problems()).containsExactly(
        "req.md:1: REQ-EXEC-009 is not under a '## Name (CODE)' Spec ID heading",
        "req.md:3: table header must be | ID | Requirement | Spec § | Status |, found [ID, Requirement, Status]",
        "req.md:5: REQ-EXEC-001 duplicates the requirement at line 4",
        "req.md:6: REQ-RETRY-001 is under Spec ID ExecutionModel (EXEC); its ID must start with REQ-EXEC-",
        "req.md:7: REQ-EXEC-002: status must be 'implemented' or 'planned', found 'done'",
        "req.md:8: malformed requirement ID 'REQ-EXEC-3' (expected REQ-<CODE>-<NNN>)",
        "req.md:9: REQ-EXEC-004: expected 4 cells, found 3",
        "req.md:10: Spec ID code EXEC already used at line 2");
    assertThat(failure).hasMessageStartingWith("Malformed requirements file:\n  req.md:1: ");
  }

  @Test
  void theRepositoryRequirementsFileIsWellFormed() throws Exception {
    Path file = Path.of("..", TraceabilityReport.REQUIREMENTS);

    RequirementsDocument document = parser.parse(file);

    assertThat(document.groups()).extracting(SpecGroup::code).contains(
        "EXEC", "RETRY", "IDEM", "VER", "SCHEMA", "RATE", "EGRESS", "OBS", "INBOUND", "GOV", "CERT",
        "DATA", "CRED", "POLICY", "TENANT", "CONC", "NORM", "DECL");
    assertThat(document.groups()).allSatisfy(group -> assertThat(group.requirements()).isNotEmpty());
  }

  @Test
  void aMissingFileIsAnIoError(@TempDir Path dir) {
    assertThatThrownBy(() -> parser.parse(dir.resolve("absent.md"))).isInstanceOf(IOException.class);
  }
}

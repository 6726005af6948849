package io.cynodeai.connector.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README demo, end to end against GreenMail: the seed's spec is applied as written (but for the server
 * address) and the engine resolves its {@code secretRef} from the provider the host registered.
 */
@Tag("REQ-DECL-004")
class OpsMailExampleTest {

  @Test
  void theSeedsOpsMailSpecReadsOnlyTheAllowlistedAlertFromALocalImapServer() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    Outcome outcome = OpsMailExample.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

    JsonNode data = ((Succeeded) outcome).response().data();
    assertThat(data.path("messages")).hasSize(1);
    assertThat(data.path("messages").get(0).path("from").asText()).isEqualTo("alerts@example.com");
    assertThat(data.path("messages").get(0).path("subject").asText()).isEqualTo("Disk 91% on db-1");
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("\"redactions_applied\"")
        .contains("Disk 91% on db-1").doesNotContain("Weekly news").doesNotContain("imap-password-for-the-demo");
  }
}

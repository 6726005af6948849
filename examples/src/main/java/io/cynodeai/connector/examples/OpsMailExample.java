package io.cynodeai.connector.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretProviders;
import io.cynodeai.connector.core.credentials.SecretScope;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.spi.JsonResources;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * The seed's {@code ops-mail} connector end to end: a local IMAP server (GreenMail on 127.0.0.1) holds an
 * alert and a newsletter; the IMAP password lives envelope-encrypted in the credential store; the seed's YAML
 * spec is applied as written, except that {@code host}, {@code port} and {@code tls} point at the local
 * server (GreenMail's certificate is self-signed, and the connector rightly refuses it); {@code readInbox}
 * then returns only the alert, because of the spec's {@code fromAllowlist}.
 *
 * <p>The spec names its credentials by reference only ({@code secretRef: {provider: cynode-vault, name:
 * imap-ops-mail-creds, keys: {username: username, password: password}}}); the engine resolves it itself, when
 * the connector asks for its credentials: key {@code password} is the reference {@code
 * cynode-vault:imap-ops-mail-creds/password}. The host only registers the provider that holds the secrets,
 * under the name the spec uses: here the encrypted store, as {@code cynode-vault}. The secrets are stored in
 * the spec's own secret scope (its project), the only place a spec's reference reaches.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -pl examples exec:java
 * </pre>
 */
public final class OpsMailExample {
  /** A member of the spec's owner group, in its project. */
  static final Caller OPS = new Caller("ops-bot", List.of("7b2c..."), "3a91...");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private OpsMailExample() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Runs the example, writing the normalized response to {@code out}; returns it. */
  static Outcome run(PrintStream out) throws Exception {
    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
    mail.start();
    try {
      GreenMailUser user = mail.setUser("ops@example.com", "ops", "imap-password-for-the-demo");
      deliver(mail, user, "alerts@example.com", "Disk 91% on db-1", "db-1 /var is 91% full.");
      deliver(mail, user, "news@elsewhere.org", "Weekly news", "Not an alert.");

      var store = new EncryptedSecretStore(new LocalKeyManagementService("ops"));
      SecretScope project = SecretScope.project(OPS.projectId());        // the spec's projectId
      store.put(project, "imap-ops-mail-creds/username", "ops".toCharArray());
      store.put(project, "imap-ops-mail-creds/password", "imap-password-for-the-demo".toCharArray());
      CredentialVault vault = CredentialVault.of(SecretProviders.as("cynode-vault", store));

      SpecSource spec = SpecSource.of(seedSpec(mail.getImap().getPort()));
      try (ConnectorEngine engine = ConnectorEngines.builder()
          .discoverConnectors()                                        // http and imap, from connectors-reference
          .policy(PolicyEngine.allowAll())                             // the spec's policy narrows it to readInbox
          .egress(instance -> EgressPolicy.builder()
              .allow("tcp://127.0.0.1:" + instance.config().path("port").asInt())
              .allowAddressRange("127.0.0.1/32").build())              // loopback is refused unless allowed
          .credentials(vault)                                          // resolves the spec's secretRef
          .build()) {
        SpecOutcome applied = engine.specs().apply(spec, OPS);
        if (applied instanceof SpecOutcome.Refused r) {
          throw new IllegalStateException("the spec was refused: " + r.problems());
        }
        Outcome outcome = engine.invoke(InvocationRequest.of("ops-mail", "readInbox",
            JsonResources.parse("{\"limit\":10}"), OPS));
        out.println(outcome instanceof Succeeded s ? JSON.writeValueAsString(s.response()) : outcome);
        return outcome;
      }
    } finally {
      mail.stop();
    }
  }

  /** The seed's YAML with its server moved to the local one. */
  static String seedSpec(int port) throws IOException {
    try (InputStream in = OpsMailExample.class.getResourceAsStream("/ops-mail.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return yaml.replace("host: imap.example.com", "host: 127.0.0.1")
          .replace("port: 993", "port: " + port)
          .replace("tls: true", "tls: false");
    }
  }

  private static void deliver(GreenMail mail, GreenMailUser user, String from, String subject, String text)
      throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    message.setFrom(new InternetAddress(from));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("ops@example.com"));
    message.setSubject(subject);
    message.setText(text, "UTF-8");
    message.setSentDate(new Date());
    mail.getManagers().getImapHostManager().getInbox(user).appendMessage(message, new Flags(), new Date());
  }
}

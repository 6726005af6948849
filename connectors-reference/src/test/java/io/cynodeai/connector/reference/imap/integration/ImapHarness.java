package io.cynodeai.connector.reference.imap.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.instance.ConnectorInstance;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.EngineBuilder;
import io.cynodeai.connector.core.audit.RecordingAuditSink;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.EncryptedSecretStore;
import io.cynodeai.connector.core.credentials.LocalKeyManagementService;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.credentials.SecretUnavailableException;
import io.cynodeai.connector.core.egress.EgressPolicy;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HealthCheck;
import io.cynodeai.connector.spi.JsonResources;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * A real IMAP server (GreenMail on 127.0.0.1, a dynamic port) with user {@code ops}, and a real engine hosting
 * the {@code imap} connector behind the egress guard (allowing exactly the server's address and port) with
 * the user's credentials in an envelope-encrypted store. Close it after use.
 */
final class ImapHarness implements AutoCloseable {
  static final String USER = "ops";
  static final String PASSWORD = "s3cret-imap";
  static final Caller CALLER = Caller.user("tester", null);

  final GreenMail mail;
  final GreenMailUser user;
  final EncryptedSecretStore secrets = new EncryptedSecretStore(new LocalKeyManagementService("test"));
  final CredentialVault vault = CredentialVault.of(secrets);
  final RecordingAuditSink audit = new RecordingAuditSink();
  final ConnectorEngine engine;
  private final ConnectorType type;

  private ImapHarness(ConnectorType type, Consumer<EngineBuilder> settings) {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
    mail.start();
    user = mail.setUser("ops@example.com", USER, PASSWORD);
    try {
      secrets.put("imap-user", USER.toCharArray());
      secrets.put("imap-password", PASSWORD.toCharArray());
    } catch (SecretUnavailableException e) {
      throw new IllegalStateException(e);
    }
    this.type = type;
    engine = newEngine(settings);
  }

  /** Another engine for this server's type, vault, audit sink and egress rules (a restarted host, say). */
  ConnectorEngine newEngine(Consumer<EngineBuilder> settings) {
    EngineBuilder builder = ConnectorEngines.builder().register(type).auditSink(audit)
        .policy(PolicyEngine.allowAll())
        .egress(ImapHarness::ownServerOnly)
        .credentials(vault, ImapHarness::credentials);
    settings.accept(builder);
    return builder.build();
  }

  static ImapHarness start(ConnectorProvider provider) {
    return start(provider, b -> {});
  }

  static ImapHarness start(ConnectorProvider provider, Consumer<EngineBuilder> settings) {
    return new ImapHarness(provider.type(), settings);
  }

  /**
   * The provider's type with a health check that always passes, so an instance pointed at a failing server
   * still becomes active and the failure shows in an invocation.
   */
  static ImapHarness startUnchecked(ConnectorProvider provider, Consumer<EngineBuilder> settings) {
    return new ImapHarness(provider.type().toBuilder().healthCheck(HealthCheck.alwaysHealthy()).build(), settings);
  }

  /** The instance's server only: tcp to the configured host and port, loopback allowed explicitly. */
  static EgressPolicy ownServerOnly(ConnectorInstance instance) {
    JsonNode c = instance.config();
    return EgressPolicy.builder().allow("tcp://" + c.path("host").asText() + ":" + c.path("port").asInt())
        .allowAddressRange("127.0.0.1/32").build();
  }

  static Map<String, SecretRef> credentials(ConnectorInstance instance) {
    return Map.of("username", SecretRef.parse("store:imap-user"), "password", SecretRef.parse("store:imap-password"));
  }

  int port() {
    return mail.getImap().getPort();
  }

  /** A plain-IMAP config for this server, plus any extra members. */
  JsonNode config(String extraMembers) {
    return json("{\"host\":\"127.0.0.1\",\"port\":" + port() + ",\"tls\":false"
        + (extraMembers.isEmpty() ? "" : "," + extraMembers) + "}");
  }

  /** Installs and enables instance {@code id} with the config. */
  LifecycleOutcome deploy(String id, JsonNode config) {
    engine.instances().install(InstanceDefinition.builder(id, "imap").config(config)
        .owner(OwnerScope.user(CALLER.userId())).build(), CALLER);
    return engine.instances().enable(id, CALLER);
  }

  Outcome invoke(String instance, String operation, String input) {
    InvocationRequest request = InvocationRequest.of(instance, operation, json(input), CALLER);
    if (operation.equals("markSeen")) {
      request = request.withIdempotencyKey("k-" + request.requestId());
    }
    return engine.invoke(request);
  }

  /** Appends a plain-text message to the inbox, received at {@code received}; returns its UID. */
  long deliver(String from, String subject, String body, Instant received, Flags.Flag... flags) throws Exception {
    return deliver("INBOX", from, subject, body, received, flags);
  }

  /** Appends a plain-text message to {@code mailbox} (created if needed); returns its UID. */
  long deliver(String mailbox, String from, String subject, String body, Instant received, Flags.Flag... flags)
      throws Exception {
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    message.setFrom(new InternetAddress(from));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("ops@example.com"));
    message.setSubject(subject);
    message.setText(body, "UTF-8");
    message.setSentDate(Date.from(received));
    message.saveChanges();
    Flags set = new Flags();
    for (Flags.Flag f : flags) {
      set.add(f);
    }
    var folders = mail.getManagers().getImapHostManager();
    var folder = mailbox.equals("INBOX") ? folders.getInbox(user) : folders.getFolder(user, mailbox);
    if (folder == null) {
      folder = folders.createMailbox(user, mailbox);
    }
    return folder.appendMessage(message, set, Date.from(received));
  }

  static JsonNode json(String text) {
    return JsonResources.parse(text);
  }

  @Override
  public void close() {
    engine.close();
    mail.stop();
  }
}

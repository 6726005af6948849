package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import io.cynodeai.connector.spi.ProviderException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InterruptedIOException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ResourceBundle;

/**
 * The child JVM's entry point, run inside the OS boundary the launcher set up (see {@link BubblewrapCommand}).
 * Before any connector code loads it takes the protocol streams, points {@code System.out} at stderr (so a
 * connector's prints cannot corrupt the protocol) and reads the parent's first message; only then does it load
 * the provider class, answer {@code describe} or run one {@code invoke}, and wipe the call's credentials.
 */
public final class SandboxMain {
  private SandboxMain() {}

  /**
   * Arguments: the provider class name. Serves messages until the parent closes the channel: a {@code describe},
   * or {@code invoke}s one at a time (a warm worker serves many calls of one instance; a cold one, one).
   */
  public static void main(String[] args) throws Exception {
    PrintStream protocolOut = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    System.setOut(System.err);
    ChildChannel channel = new ChildChannel(protocolOut, System.in);
    ConnectorType type = null;
    while (true) {
      char[] line;
      try {
        line = channel.readLine();
      } catch (IOException e) {
        return; // the parent closed the channel: this worker is done
      }
      JsonNode request = ChildChannel.parse(line);
      Arrays.fill(line, '\0');
      if (type == null) {
        type = ((ConnectorProvider) Class.forName(args[0]).getDeclaredConstructor().newInstance()).type();
      }
      if (request.path("type").asText().equals("describe")) {
        ObjectNode reply = Messages.of("descriptor");
        reply.set("connector", DescriptorCodec.write(type));
        channel.send(reply);
      } else {
        invoke(type, request, channel);
      }
    }
  }

  /** Runs one call and wipes its credentials, whatever happens. */
  private static void invoke(ConnectorType type, JsonNode request, ChildChannel channel) {
    String operation = request.path("operation").asText();
    OperationHandler handler = type.operation(operation).map(OperationDescriptor::handler).orElse(null);
    if (handler == null) {
      channel.send(Messages.of("error").put("kind", "other").put("exception", "no handler for " + operation));
      return;
    }
    ChildCredentials credentials = new ChildCredentials(channel);
    ChildContext ctx = new ChildContext(request, credentials, channel, new StderrLogger(type.name()));
    try {
      HandlerResult result = handler.handle(ctx, request.path("input"));
      channel.send(result(result));
    } catch (Throwable t) {
      channel.send(error(t));
    } finally {
      credentials.wipe();
    }
  }

  private static ObjectNode result(HandlerResult r) {
    ObjectNode msg = Messages.of("result");
    if (r.json() != null) {
      msg.set("data", r.json());
    }
    if (r.rawJson() != null) {
      msg.put("rawJson", r.rawJson());
    }
    if (r.providerStatus() != null) {
      msg.put("providerStatus", r.providerStatus());
    }
    ArrayNode warnings = msg.putArray("warnings");
    r.warnings().forEach(warnings::add);
    if (r.quotaReset() != null) {
      msg.put("quotaResetMillis", r.quotaReset().toMillis());
    }
    return msg;
  }

  /**
   * A failure as the engine would classify it in-process; messages only where the engine would keep them. A
   * socket or name-resolution failure that did not come through the forwarded HTTP client is the sandbox's
   * network boundary at work (the child has only its own loopback): {@code sandbox_violation}.
   */
  static ObjectNode error(Throwable thrown) {
    ObjectNode msg = Messages.of("error");
    boolean forwarded = false;
    Throwable network = null;
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      forwarded |= t instanceof ForwardedHttpException;
      if (network == null && (t instanceof SocketException || t instanceof UnknownHostException)) {
        network = t;
      }
    }
    if (network != null && !forwarded) {
      return msg.put("kind", "sandbox_violation").put("permission", "network: " + network.getClass().getName());
    }
    msg.put("forwardedFailure", forwarded);
    msg.put("exception", thrown.getClass().getName());
    if (thrown instanceof ProviderException pe) {
      msg.put("kind", "provider").put("providerKind", pe.kind().name()).put("code", pe.code())
          .put("message", String.valueOf(pe.getMessage()));
      if (pe.providerStatus() != null) {
        msg.put("status", pe.providerStatus());
      }
      if (pe.retryAfter() != null) {
        msg.put("retryAfterMillis", pe.retryAfter().toMillis());
      }
    } else if (thrown instanceof HttpTimeoutException || thrown instanceof InterruptedIOException) {
      msg.put("kind", "timeout");
    } else if (thrown instanceof IOException) {
      msg.put("kind", "io");
    } else {
      msg.put("kind", "other");
    }
    return msg;
  }

  /** The connector's logger: lines on stderr, which the parent caps and does not log. */
  private record StderrLogger(String name) implements System.Logger {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isLoggable(Level level) {
      return level.getSeverity() >= Level.INFO.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      if (isLoggable(level)) {
        System.err.println(level + " " + name + ": " + msg + " (" + thrown.getClass().getName() + ")");
      }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      if (isLoggable(level)) {
        System.err.println(level + " " + name + ": "
            + (params == null || params.length == 0 ? format : java.text.MessageFormat.format(format, params)));
      }
    }
  }
}

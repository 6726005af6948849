package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cynodeai.connector.spi.CredentialAccess;
import io.cynodeai.connector.spi.CredentialLease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The child's credentials: asked of the parent on first use during the call (never passed on the command line
 * or in the environment), parsed straight into character arrays, and zero-filled by {@link #wipe()} when the call
 * ends, together with every copy handed to the connector. Thread-safe.
 */
final class ChildCredentials implements CredentialAccess {
  private final ChildChannel channel;
  private final List<char[]> handedOut = new ArrayList<>();
  private @Nullable Map<String, char[]> secrets;
  private boolean fetched;

  ChildCredentials(ChildChannel channel) {
    this.channel = channel;
  }

  @Override
  public synchronized Optional<CredentialLease> lease() {
    if (!fetched) {
      fetched = true;
      secrets = fetch();
    }
    Map<String, char[]> held = secrets;
    if (held == null) {
      return Optional.empty();
    }
    return Optional.of(new CredentialLease() {
      @Override
      public Set<String> keys() {
        return Set.copyOf(held.keySet());
      }

      @Override
      public char[] secret(String key) {
        synchronized (ChildCredentials.this) {
          char[] value = held.get(key);
          if (value == null) {
            throw new IllegalArgumentException("the lease has no '" + key + "' secret");
          }
          char[] copy = value.clone();
          handedOut.add(copy);
          return copy;
        }
      }
    });
  }

  private @Nullable Map<String, char[]> fetch() {
    char[] line = null;
    try {
      line = channel.request(Messages.of("credentials"));
      try (JsonParser p = Messages.MAPPER.getFactory().createParser(line)) {
        Map<String, char[]> out = null;
        String field = null;
        int depth = 0;
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
          if (t == JsonToken.START_OBJECT) {
            depth++;
            if (depth == 2 && "secrets".equals(field)) {
              out = new LinkedHashMap<>();
            }
          } else if (t == JsonToken.END_OBJECT) {
            depth--;
          } else if (t == JsonToken.FIELD_NAME) {
            field = p.currentName();
          } else if (t == JsonToken.VALUE_STRING && depth == 2 && out != null) {
            out.put(field, Arrays.copyOfRange(p.getTextCharacters(), p.getTextOffset(),
                p.getTextOffset() + p.getTextLength()));
          }
        }
        return out;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the credentials could not be obtained from the host", e);
    } finally {
      if (line != null) {
        Arrays.fill(line, '\0');
      }
    }
  }

  /** Zero-fills every secret held or handed out. */
  synchronized void wipe() {
    if (secrets != null) {
      secrets.values().forEach(v -> Arrays.fill(v, '\0'));
    }
    handedOut.forEach(v -> Arrays.fill(v, '\0'));
  }
}

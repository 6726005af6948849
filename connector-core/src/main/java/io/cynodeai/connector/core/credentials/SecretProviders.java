package io.cynodeai.connector.core.credentials;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The built-in {@link SecretProvider}s for environment variables and files, and {@link #as} to register a
 * provider under another scheme. Each built-in provider also answers the names a spec's {@code secretRef}
 * produces ({@code name/key}, see {@link SecretRef#entryKey}):
 *
 * <ul>
 *   <li>{@code file:} reads {@code <root>/name/key}: one directory per secret and one file per key, which is
 *       how Kubernetes and Docker mount a secret;
 *   <li>{@code env:} reads the variable {@code NAME_KEY}: both parts upper-cased, every character other than a
 *       letter, digit or underscore turned into {@code _} ({@code env:imap-creds/password} is {@code
 *       IMAP_CREDS_PASSWORD}); names without a {@code /} are variable names as written;
 *   <li>{@code store:} ({@link EncryptedSecretStore}) stores any name, so a host puts {@code name/key}.
 * </ul>
 */
public final class SecretProviders {
  private SecretProviders() {}

  /**
   * {@code provider} answering to {@code scheme} instead of its own, for a host that keeps its secrets in, say,
   * an {@link EncryptedSecretStore} but names the provider as its specs do ({@code cynode-vault}). Resolving,
   * erasing and {@code holds} are the delegate's.
   */
  public static SecretProvider as(String scheme, SecretProvider provider) {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(provider, "provider");
    return new SecretProvider() {
      @Override
      public String scheme() {
        return scheme;
      }

      @Override
      public Optional<char[]> resolve(String name) throws SecretUnavailableException {
        return provider.resolve(name);
      }

      @Override
      public boolean erase(String name) {
        return provider.erase(name);
      }

      @Override
      public boolean holds(String name) {
        return provider.holds(name);
      }
    };
  }

  /** {@code env:NAME}: the process environment. */
  public static SecretProvider environment() {
    return environment(System::getenv);
  }

  /** {@code env:NAME} over a given lookup (for tests and hosts that filter the environment). */
  public static SecretProvider environment(Function<String, String> lookup) {
    Objects.requireNonNull(lookup, "lookup");
    return new SecretProvider() {
      @Override
      public String scheme() {
        return "env";
      }

      @Override
      public Optional<char[]> resolve(String name) {
        String value = lookup.apply(variable(name));
        return value == null ? Optional.empty() : Optional.of(value.toCharArray());
      }
    };
  }

  /** The variable a reference names: as written, or {@code NAME_KEY} for {@code name/key}. */
  static String variable(String name) {
    if (name.indexOf('/') < 0) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = Character.toUpperCase(name.charAt(i));
      out.append(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' ? c : '_');
    }
    return out.toString();
  }

  /** {@code env:NAME} over a fixed map. */
  public static SecretProvider environment(Map<String, String> variables) {
    Map<String, String> copy = Map.copyOf(variables);
    return environment(copy::get);
  }

  /**
   * {@code file:relative/path}: the UTF-8 content of a file below {@code root} (one trailing newline
   * removed), as mounted by Kubernetes or Docker secrets. Paths that leave {@code root} are unknown.
   */
  public static SecretProvider files(Path root) {
    Path base = root.toAbsolutePath().normalize();
    return new SecretProvider() {
      @Override
      public String scheme() {
        return "file";
      }

      @Override
      public Optional<char[]> resolve(String name) throws SecretUnavailableException {
        Path file = base.resolve(name).normalize();
        if (!file.startsWith(base) || file.equals(base)) {
          return Optional.empty();
        }
        byte[] bytes = null;
        try {
          bytes = Files.readAllBytes(file);
          int length = bytes.length;
          if (length > 0 && bytes[length - 1] == '\n') {
            length--;
          }
          return Optional.of(Utf8.decode(ByteBuffer.wrap(bytes, 0, length)));
        } catch (NoSuchFileException e) {
          return Optional.empty();
        } catch (IOException e) {
          throw new SecretUnavailableException("secret file:" + name + " could not be read ("
              + e.getClass().getSimpleName() + ")");
        } finally {
          if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
          }
        }
      }
    };
  }

  /** UTF-8 conversions that leave no copies behind except the one returned. */
  static final class Utf8 {
    private Utf8() {}

    static char[] decode(ByteBuffer bytes) {
      CharBuffer chars = StandardCharsets.UTF_8.decode(bytes);
      char[] out = Arrays.copyOf(chars.array(), chars.limit());
      Arrays.fill(chars.array(), '\0');
      return out;
    }

    static byte[] encode(char[] chars) {
      ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
      byte[] out = Arrays.copyOf(bytes.array(), bytes.limit());
      Arrays.fill(bytes.array(), (byte) 0);
      return out;
    }
  }
}

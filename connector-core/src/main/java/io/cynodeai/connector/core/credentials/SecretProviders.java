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
import org.jspecify.annotations.Nullable;

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
   * erasing and {@code holds} are the delegate's; a {@link ScopedSecretProvider} stays scoped.
   */
  public static SecretProvider as(String scheme, SecretProvider provider) {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(provider, "provider");
    if (provider instanceof ScopedSecretProvider scoped) {
      return new Renamed(scheme, scoped);
    }
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
      public boolean exists(String name) {
        return provider.exists(name);
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

  /** A scoped provider under another scheme. */
  private record Renamed(String scheme, ScopedSecretProvider delegate) implements ScopedSecretProvider {
    @Override
    public Optional<char[]> resolve(SecretScope scope, String name) throws SecretUnavailableException {
      return delegate.resolve(scope, name);
    }

    @Override
    public boolean exists(SecretScope scope, String name) {
      return delegate.exists(scope, name);
    }

    @Override
    public boolean erase(SecretScope scope, String name) {
      return delegate.erase(scope, name);
    }

    @Override
    public boolean holds(SecretScope scope, String name) {
      return delegate.holds(scope, name);
    }
  }

  /**
   * A provider under {@code scheme} that keeps secrets per scope by mapping each {@link SecretScope} to a
   * provider of its own: {@code perScope("vault", scope -> scope.isHost() ? null : files(root.resolve(
   * scope.kind() + "/" + scope.id())))} gives each tenant a directory, for example. The host scope is mapped
   * too ({@link SecretScope#host()}); a scope mapped to null has no secrets. This is how a host makes a
   * provider of its own reachable from tenants' specs on purpose: each scope sees only what its mapping
   * returns. A single-tenant host (one operator over their own state, like {@code connectorctl}) may map
   * every scope to the same provider. The mapping is called for each lookup and must be cheap and
   * thread-safe.
   */
  public static ScopedSecretProvider perScope(String scheme,
      Function<SecretScope, @Nullable SecretProvider> mapping) {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(mapping, "mapping");
    return new ScopedSecretProvider() {
      @Override
      public String scheme() {
        return scheme;
      }

      @Override
      public Optional<char[]> resolve(SecretScope scope, String name) throws SecretUnavailableException {
        SecretProvider p = mapping.apply(scope);
        return p == null ? Optional.empty() : p.resolve(name);
      }

      @Override
      public boolean exists(SecretScope scope, String name) {
        SecretProvider p = mapping.apply(scope);
        return p != null && p.exists(name);
      }

      @Override
      public boolean erase(SecretScope scope, String name) {
        SecretProvider p = mapping.apply(scope);
        return p != null && p.erase(name);
      }

      @Override
      public boolean holds(SecretScope scope, String name) {
        SecretProvider p = mapping.apply(scope);
        return p != null && p.holds(name);
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

      @Override
      public boolean exists(String name) {
        return lookup.apply(variable(name)) != null;
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
   * removed), as mounted by Kubernetes or Docker secrets. Paths that leave {@code root} are unknown, and so is a
   * file whose real path (every link followed) leaves the real {@code root}: a link inside the root may point
   * elsewhere inside it (Kubernetes mounts keys as links into a {@code ..data} directory), never out of it.
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
        Optional<Path> found = inside(base, name);
        if (found.isEmpty()) {
          return Optional.empty();
        }
        byte[] bytes = null;
        try {
          bytes = Files.readAllBytes(found.get());
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

      @Override
      public boolean exists(String name) {
        return inside(base, name).isPresent();
      }
    };
  }

  /** The real path of the regular file {@code name} below {@code base}, if it exists and stays inside it. */
  private static Optional<Path> inside(Path base, String name) {
    Path file = base.resolve(name).normalize();
    if (!file.startsWith(base) || file.equals(base)) {
      return Optional.empty();
    }
    try {
      Path real = file.toRealPath();
      return real.startsWith(base.toRealPath()) && Files.isRegularFile(real) ? Optional.of(real) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // missing, unreadable or a dangling link: no such secret
    }
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

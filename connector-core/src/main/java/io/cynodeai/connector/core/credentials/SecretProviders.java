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

/** The built-in {@link SecretProvider}s for environment variables and files. */
public final class SecretProviders {
  private SecretProviders() {}

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
        String value = lookup.apply(name);
        return value == null ? Optional.empty() : Optional.of(value.toCharArray());
      }
    };
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

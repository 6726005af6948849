package io.cynodeai.connector.core.credentials.integration;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SoftHSM2 token for this JVM, made once: the configuration {@code SOFTHSM2_CONF} names (surefire sets
 * it), a token directory beside it, one token initialised with {@code softhsm2-util}, and a SunPKCS11 provider on
 * it. SoftHSM reads its configuration when the library is first initialised, so the token is made before that.
 * Missing SoftHSM skips the tests locally and fails them under CI ({@code .ci/run} installs the package).
 */
final class SoftHsm {
  static final char[] PIN = "1234".toCharArray();
  private static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
      Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"), Path.of("/usr/lib64/pkcs11/libsofthsm2.so"));
  private static Provider provider;

  private SoftHsm() {}

  /** The provider on this JVM's token. */
  static synchronized Provider provider() throws IOException, InterruptedException {
    if (provider != null) {
      return provider;
    }
    Path library = LIBRARIES.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    boolean ci = "true".equals(System.getenv("CI"));
    if (library == null && ci) {
      throw new IllegalStateException("SoftHSM2 is not installed: .ci/run installs the Debian package softhsm2");
    }
    assumeTrue(library != null, "SoftHSM2 is not installed (Debian package softhsm2)");
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null) {
      throw new IllegalStateException("SOFTHSM2_CONF is not set: run through Maven, whose surefire sets it");
    }
    Path confFile = Path.of(conf);
    Path tokens = Files.createDirectories(confFile.resolveSibling("tokens-" + ProcessHandle.current().pid()));
    Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
        + "log.level = ERROR\nslots.removable = false\n", StandardCharsets.UTF_8);
    Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", "connector-test",
        "--pin", new String(PIN), "--so-pin", "5678").redirectErrorStream(true).start();
    String out = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!init.waitFor(30, TimeUnit.SECONDS) || init.exitValue() != 0) {
      throw new IllegalStateException("softhsm2-util --init-token failed: " + out);
    }
    Matcher slot = Pattern.compile("slot (\\d+)").matcher(out);
    if (!slot.find()) {
      throw new IllegalStateException("softhsm2-util named no slot: " + out);
    }
    provider = Security.getProvider("SunPKCS11").configure("--name=SoftHSM\nlibrary=" + library + "\nslot="
        + slot.group(1) + "\nattributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n  CKA_SENSITIVE = true\n"
        + "  CKA_EXTRACTABLE = false\n}\n");
    return provider;
  }
}

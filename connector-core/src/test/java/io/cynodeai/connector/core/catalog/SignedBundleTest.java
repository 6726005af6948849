package io.cynodeai.connector.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.ConnectorEngine;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.Outcome;
import io.cynodeai.connector.api.Succeeded;
import io.cynodeai.connector.api.instance.InstanceDefinition;
import io.cynodeai.connector.api.instance.LifecycleOutcome;
import io.cynodeai.connector.api.instance.OwnerScope;
import io.cynodeai.connector.api.policy.PolicyEngine;
import io.cynodeai.connector.core.ConnectorEngines;
import io.cynodeai.connector.core.catalog.InvalidBundleException.Reason;
import io.cynodeai.connector.spi.JsonResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed connector bundles (§13): a bundle is loaded only after its detached Ed25519 signature verifies. */
@Tag("REQ-GOV-001")
class SignedBundleTest {
  private static final Caller OPS = Caller.user("ops", "proj");
  private static KeyPair release;
  private static KeyPair other;
  private static Path jar;
  private static TrustedKeys trusted;
  @TempDir
  Path tmp;

  @BeforeAll
  static void build(@TempDir Path dir) throws Exception {
    release = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    jar = BundleJars.greeterBundle(dir);
    trusted = TrustedKeys.none().withEncoded("release", release.getPublic().getEncoded());
  }

  private Path signature(Path bundle, String keyId, KeyPair pair) {
    return signatureAt(bundle, keyId, pair, tmp.resolve(bundle.getFileName() + "." + keyId + ".sig"));
  }

  private static Path signatureAt(Path bundle, String keyId, KeyPair pair, Path file) {
    BundleSigner.sign(bundle, keyId, pair.getPrivate(), file);
    return file;
  }

  @Test
  void aVerifiedBundlesTypeRegistersAndServesACall() throws Exception {
    assertThatThrownBy(() -> Class.forName(BundleJars.PROVIDER)).as("the provider is on no class path but the "
        + "bundle's").isInstanceOf(ClassNotFoundException.class);
    try (ConnectorBundle bundle = ConnectorBundles.load(jar, signature(jar, "release", release), trusted)) {
      assertThat(bundle.providers()).singleElement()
          .satisfies(p -> assertThat(p.getClass().getName()).isEqualTo(BundleJars.PROVIDER));
      assertThat(bundle.signature().keyId()).isEqualTo("release");
      try (ConnectorEngine engine = ConnectorEngines.builder().register(bundle.providers().get(0))
          .policy(PolicyEngine.allowAll()).build()) {
        engine.instances().install(InstanceDefinition.builder("g1", "bundled-greeter")
            .config(JsonResources.parse("{}")).owner(OwnerScope.user("ops")).projectId("proj").build(), OPS);
        assertThat(engine.instances().enable("g1", OPS)).isInstanceOf(LifecycleOutcome.Applied.class);
        Outcome out = engine.invoke(InvocationRequest.of("g1", "greet", JsonResources.parse("{\"name\":\"Ada\"}"),
            OPS));
        assertThat(out).isInstanceOf(Succeeded.class);
        assertThat(((Succeeded) out).response().data().get("greeting").asText())
            .isEqualTo("hello from the bundle, Ada");
      }
    }
  }

  @Test
  void aOneByteChangeIsRefusedAndNothingIsLoaded() throws Exception {
    Path sig = signature(jar, "release", release);
    Path changed = BundleJars.tampered(jar);
    assertThatThrownBy(() -> ConnectorBundles.load(changed, sig, trusted))
        .isInstanceOfSatisfying(InvalidBundleException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH))
        .hasMessageContaining("changed after signing");
  }

  @Test
  void aSignatureByAnUntrustedOrImpersonatedKeyIsRefused() {
    assertThatThrownBy(() -> ConnectorBundles.load(jar, signature(jar, "someone", other), trusted))
        .isInstanceOfSatisfying(InvalidBundleException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNTRUSTED_KEY))
        .hasMessageContaining("'someone'");
    Path impersonating = signatureAt(jar, "release", other, tmp.resolve("impersonating.sig"));
    assertThatThrownBy(() -> ConnectorBundles.load(jar, impersonating, trusted))
        .isInstanceOfSatisfying(InvalidBundleException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    assertThatThrownBy(() -> ConnectorBundles.load(jar, signature(jar, "release", release), TrustedKeys.none()))
        .isInstanceOfSatisfying(InvalidBundleException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNTRUSTED_KEY));
  }

  @Test
  void aMissingOrMalformedSignatureIsRefused() throws Exception {
    assertThatThrownBy(() -> ConnectorBundles.load(jar, tmp.resolve("absent.sig"), trusted))
        .isInstanceOfSatisfying(InvalidBundleException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_SIGNATURE));
    String good = Files.readString(signature(jar, "release", release));
    for (String bad : new String[] {"", "not a signature", good.replace("cynodeai-bundle-signature: 1", "x: 1"),
        good.replaceAll("signature: .*", "signature: " + Base64.getEncoder().encodeToString(new byte[10])),
        good.replaceAll("sha256: .*", "sha256: abc"), good + "key: again\n"}) {
      Path file = Files.writeString(tmp.resolve("bad.sig"), bad);
      assertThatThrownBy(() -> ConnectorBundles.load(jar, file, trusted)).as(bad)
          .isInstanceOfSatisfying(InvalidBundleException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_SIGNATURE))
          .hasMessageContaining("malformed");
    }
  }

  @Test
  void anUnreadableBundleIsRefused() {
    Path sig = signature(jar, "release", release);
    assertThatThrownBy(() -> ConnectorBundles.load(tmp.resolve("absent.jar"), sig, trusted))
        .isInstanceOfSatisfying(InvalidBundleException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNREADABLE_BUNDLE));
  }

  @Test
  void aSignedJarWithoutItsOwnProviderIsRefused() throws Exception {
    Path empty = tmp.resolve("empty.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(empty))) {
      out.putNextEntry(new java.util.jar.JarEntry("readme.txt"));
      out.write("nothing here".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeEntry();
    }
    assertThatThrownBy(() -> ConnectorBundles.load(empty, signature(empty, "release", release), trusted))
        .isInstanceOfSatisfying(InvalidBundleException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.NO_PROVIDER));
  }

  @Test
  void theSignatureRoundTripsAndOnlyEd25519KeysAreAccepted() throws Exception {
    BundleSignature sig = BundleSigner.sign(jar, "release", release.getPrivate());
    assertThat(BundleSignature.parse(sig.toText())).isEqualTo(sig);
    assertThat(sig.toString()).doesNotContain(Base64.getEncoder().encodeToString(sig.signature()));
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    assertThatThrownBy(() -> TrustedKeys.of("rsa", rsa.getPublic())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BundleSigner.sign(jar, "rsa", rsa.getPrivate()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trusted.with("release", other.getPublic()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already trusted");
  }
}

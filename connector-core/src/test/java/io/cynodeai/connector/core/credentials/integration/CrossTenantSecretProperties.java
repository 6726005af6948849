package io.cynodeai.connector.core.credentials.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.connector.api.Caller;
import io.cynodeai.connector.api.InvocationRequest;
import io.cynodeai.connector.api.spec.SpecOutcome;
import io.cynodeai.connector.api.spec.SpecProblem;
import io.cynodeai.connector.api.spec.SpecSource;
import io.cynodeai.connector.core.credentials.CredentialVault;
import io.cynodeai.connector.core.credentials.SecretRef;
import io.cynodeai.connector.core.credentials.SecretScope;
import io.cynodeai.connector.core.spec.SpecReconciler;
import io.cynodeai.connector.spi.JsonResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * No cross-scope resolution, ever, as a property: random tenants store random secrets, the host grants random
 * environment variables to random scopes, and random tenants reference random secrets through random surfaces
 * (validate, diff, apply with its health check, a call, the reconciler). A reference is accepted exactly when it
 * is the tenant's own stored secret or a host secret granted to it, and every token any tenant's server ever
 * receives is one its own spec was entitled to. A failure prints the seed jqwik reports; rerun with it.
 */
class CrossTenantSecretProperties {
  private static final List<Caller> TENANTS = List.of(SecretScopeFixture.ALICE_A, SecretScopeFixture.BOB_B,
      SecretScopeFixture.CAROL_C);
  private static final List<String> NAMES = List.of("mail", "chat", "db");

  enum Surface { VALIDATE, DIFF, APPLY_AND_INVOKE, RECONCILE }

  /** One tenant referencing one secret through one surface. */
  record Probe(int tenant, boolean store, String name, Surface surface) {}

  /** Which tenants store which names, and which host variables are granted to whom. */
  record World(Set<String> stored, Set<String> granted) {}

  @Provide
  Arbitrary<World> worlds() {
    Arbitrary<Set<String>> pairs = Arbitraries.of(pairs()).set().ofMaxSize(9);
    return Combinators.combine(pairs, pairs).as(World::new);
  }

  private static List<String> pairs() {
    List<String> out = new ArrayList<>();
    for (int t = 0; t < TENANTS.size(); t++) {
      for (String n : NAMES) {
        out.add(t + ":" + n);
      }
    }
    return out;
  }

  @Provide
  Arbitrary<List<Probe>> probes() {
    return Combinators.combine(Arbitraries.integers().between(0, TENANTS.size() - 1), Arbitraries.of(true, false),
        Arbitraries.of(NAMES), Arbitraries.of(Surface.class)).as(Probe::new).list().ofMinSize(1).ofMaxSize(8);
  }

  private static SecretScope scope(int tenant) {
    return SecretScope.project(TENANTS.get(tenant).projectId());
  }

  private static String value(int tenant, String name) {
    return "secret-of-" + tenant + "-" + name;
  }

  @Property(tries = 30)
  @Tag("REQ-TENANT-004")
  void aReferenceResolvesOnlyWithinItsOwnScopeOrThroughAGrant(@ForAll("worlds") World world,
      @ForAll("probes") List<Probe> probes) throws Exception {
    Map<String, String> env = new HashMap<>();
    NAMES.forEach(n -> env.put(n.toUpperCase() + "_VALUE", "host-" + n));
    Path dir = Files.createTempDirectory("specs");
    try (SecretScopeFixture f = new SecretScopeFixture(env, vault -> grants(vault, world.granted()))) {
      for (String pair : world.stored()) {
        int t = Integer.parseInt(pair.substring(0, 1));
        String n = pair.substring(2);
        f.store.put(scope(t), n + "/value", value(t, n).toCharArray());
      }
      Map<String, String> entitled = new HashMap<>(); // spec name -> the one token it may send
      for (int i = 0; i < probes.size(); i++) {
        Probe p = probes.get(i);
        Caller caller = TENANTS.get(p.tenant());
        String specName = "s" + i;
        String yaml = f.spec(specName, caller, p.store() ? "store" : "env", p.name(), "value");
        boolean reachable = world.stored().contains(p.tenant() + ":" + p.name()) && p.store()
            || world.granted().contains(p.tenant() + ":" + p.name()) && !p.store();
        entitled.put(specName, p.store() ? value(p.tenant(), p.name()) : "host-" + p.name());
        List<SpecProblem> problems = run(f, p.surface(), yaml, caller, specName, dir);
        assertThat(problems.stream().anyMatch(q -> q.code().equals("secret_not_in_scope")))
            .as("%s refused", p).isEqualTo(!reachable);
      }
      for (String line : f.received) {
        String spec = line.substring(1, line.indexOf(' '));
        assertThat(line).as("what the server of %s received", spec).isEqualTo("/" + spec + " Bearer "
            + entitled.get(spec));
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static CredentialVault grants(CredentialVault vault, Set<String> granted) {
    for (String pair : granted) {
      int t = Integer.parseInt(pair.substring(0, 1));
      vault.grant(scope(t), new SecretRef("env", pair.substring(2)));
    }
    return vault;
  }

  private static List<SpecProblem> run(SecretScopeFixture f, Surface surface, String yaml, Caller caller,
      String specName, Path dir) throws Exception {
    SpecSource source = SpecSource.of(yaml);
    return switch (surface) {
      case VALIDATE -> f.engine.specs().validate(source).problems();
      case DIFF -> problems(f.engine.specs().diff(source, caller));
      case APPLY_AND_INVOKE -> {
        List<SpecProblem> problems = problems(f.engine.specs().apply(source, caller));
        if (problems.isEmpty()) {
          f.engine.invoke(InvocationRequest.of(specName, "send", JsonResources.parse("{}"), caller));
        }
        yield problems;
      }
      case RECONCILE -> {
        Path own = Files.createDirectories(dir.resolve(specName));
        Files.writeString(own.resolve(specName + ".yaml"), yaml);
        try (SpecReconciler reconciler = new SpecReconciler(f.engine.specs(), caller, own, outcome -> { })) {
          yield problems(reconciler.syncNow());
        }
      }
    };
  }

  private static List<SpecProblem> problems(SpecOutcome outcome) {
    return outcome instanceof SpecOutcome.Refused r ? r.problems() : List.of();
  }
}

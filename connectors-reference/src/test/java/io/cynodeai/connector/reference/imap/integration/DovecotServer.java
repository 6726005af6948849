package io.cynodeai.connector.reference.imap.integration;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Dovecot IMAP server (2.3, as Debian's {@code dovecot-imapd} installs it) run by the test as an
 * unprivileged child process: {@code dovecot -F -c <temp dir>/dovecot.conf}, listening on 127.0.0.1 only, IMAP
 * on one free port (STARTTLS offered) and IMAPS on another, with a certificate for {@code 127.0.0.1} and
 * {@code localhost} made at start, one passwd-file user {@link #USER} whose Maildir is under the temp dir, and
 * the settings a test picks: connections per user and IP, the delay before a failed login is answered, the
 * server's time zone ({@code TZ} of the child), a client certificate required. When the test runs as root,
 * Dovecot runs as {@code nobody} ({@code setpriv}); its login processes refuse to run as root.
 *
 * <p>{@link #require()} skips the calling test when no {@code dovecot} binary is installed, with a message
 * saying so, except under {@code CI=true}, where it fails: CI installs Dovecot ({@code .ci/run}), so a missing
 * binary there is a broken build, not a reason to skip. Close it after use: the process is stopped and the
 * temp dir deleted.
 */
final class DovecotServer implements AutoCloseable {
  static final String USER = "ops";
  static final String PASSWORD = "s3cret-dovecot";
  private static final Duration START_DEADLINE = Duration.ofSeconds(30);
  private static final AtomicInteger DELIVERIES = new AtomicInteger();

  /**
   * What a test varies.
   *
   * @param timeZone the server's {@code TZ}; null: inherited
   * @param maxUserIpConnections {@code mail_max_userip_connections}
   * @param authFailureDelaySeconds {@code auth_failure_delay}
   * @param clientCertificateRequired refuse logins over TLS without a client certificate issued by
   *     {@link DovecotServer#clientIdentity()}'s key
   */
  record Settings(@Nullable String timeZone, int maxUserIpConnections, int authFailureDelaySeconds,
      boolean clientCertificateRequired) {
    static Settings defaults() {
      return new Settings(null, 10, 2, false);
    }

    Settings timeZone(String zone) {
      return new Settings(zone, maxUserIpConnections, authFailureDelaySeconds, clientCertificateRequired);
    }

    Settings maxUserIpConnections(int max) {
      return new Settings(timeZone, max, authFailureDelaySeconds, clientCertificateRequired);
    }

    Settings requireClientCertificate() {
      return new Settings(timeZone, maxUserIpConnections, authFailureDelaySeconds, true);
    }
  }

  private final Path dir;
  private final Path maildir;
  private final Process process;
  private final int imapPort;
  private final int imapsPort;
  private final KeyStore trustStore;
  private final KeyStore clientIdentity;
  private final boolean root;

  private DovecotServer(Path binary, Settings settings) throws Exception {
    dir = Files.createTempDirectory("dovecot-test");
    maildir = dir.resolve("mail").resolve(USER).resolve("Maildir");
    for (String sub : List.of("cur", "new", "tmp")) {
      Files.createDirectories(maildir.resolve(sub));
    }
    KeyStore server = keys().server();
    writePem(dir.resolve("cert.pem"), "CERTIFICATE", server.getCertificate("server").getEncoded());
    writePem(dir.resolve("key.pem"), "PRIVATE KEY", server.getKey("server", STORE_PASSWORD).getEncoded());
    trustStore = KeyStore.getInstance("PKCS12");
    trustStore.load(null, null);
    trustStore.setCertificateEntry("dovecot-test", server.getCertificate("server"));
    clientIdentity = keys().client();
    writePem(dir.resolve("client-ca.pem"), "CERTIFICATE", clientIdentity.getCertificate("client").getEncoded());
    Files.writeString(dir.resolve("users"), USER + ":{PLAIN}" + PASSWORD + "::::" + dir.resolve("mail")
        .resolve(USER) + "::\n");
    int[] ports = freePorts(2);
    imapPort = ports[0];
    imapsPort = ports[1];
    root = "root".equals(System.getProperty("user.name"));
    if (root) {
      run(List.of("chown", "-R", "nobody:nogroup", dir.toString()));
      run(List.of("chmod", "-R", "u+rwX,go+rX", dir.toString()));
    }
    int uid = (Integer) Files.getAttribute(dir, "unix:uid");
    int gid = (Integer) Files.getAttribute(dir, "unix:gid");
    String user = root ? "nobody" : System.getProperty("user.name");
    String group = root ? "nogroup" : groupName(dir);
    Files.writeString(dir.resolve("dovecot.conf"), config(settings, user, group, uid, gid));
    List<String> command = new ArrayList<>();
    if (root) {
      command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    }
    command.addAll(List.of(binary.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.txt").toFile());
    if (settings.timeZone() != null) {
      builder.environment().put("TZ", settings.timeZone());
    }
    process = builder.start();
    try {
      awaitGreeting();
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  /** The installed {@code dovecot}, or the test skipped (failed under {@code CI=true}) when there is none. */
  static Path require() {
    Optional<Path> binary = binary();
    if (binary.isEmpty()) {
      String why = "the dovecot binary is not installed (Debian: apt-get install dovecot-imapd); "
          + "the Dovecot tests need it";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + ", and under CI=true it must be there: .ci/run installs it");
      }
      Assumptions.assumeTrue(false, why);
    }
    return binary.get();
  }

  /** Starts Dovecot with the settings; the calling test is skipped (or failed, on CI) without Dovecot. */
  static DovecotServer start(Settings settings) throws Exception {
    return new DovecotServer(require(), settings);
  }

  static Optional<Path> binary() {
    List<Path> candidates = new ArrayList<>();
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!entry.isEmpty()) {
        candidates.add(Path.of(entry, "dovecot"));
      }
    }
    candidates.add(Path.of("/usr/sbin/dovecot"));
    candidates.add(Path.of("/usr/local/sbin/dovecot"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  int imapPort() {
    return imapPort;
  }

  int imapsPort() {
    return imapsPort;
  }

  /** A trust store holding the server's self-signed certificate only. */
  KeyStore trustStore() {
    return trustStore;
  }

  /** The client key and certificate the server requires with {@link Settings#requireClientCertificate()}. */
  KeyStore clientIdentity() {
    return clientIdentity;
  }

  static char[] storePassword() {
    return STORE_PASSWORD.clone();
  }

  /**
   * Delivers a message as a mail delivery agent would: its raw bytes written to the Maildir's {@code new}, the
   * file's time (Dovecot's INTERNALDATE for Maildir) set to {@code received}.
   */
  void deliver(byte[] rfc822, Instant received) throws IOException, InterruptedException {
    String name = received.getEpochSecond() + ".M" + DELIVERIES.incrementAndGet() + "P"
        + ProcessHandle.current().pid() + ".dovecot-test";
    Path tmp = maildir.resolve("tmp").resolve(name);
    Files.write(tmp, rfc822);
    Files.setLastModifiedTime(tmp, FileTime.from(received));
    if (root) {
      run(List.of("chown", "nobody:nogroup", tmp.toString()));
    }
    Files.move(tmp, maildir.resolve("new").resolve(name));
  }

  /** A plain-text UTF-8 message, with its header and body as raw 8-bit text (RFC 6532). */
  static byte[] message(String from, String subject, String body) {
    return ("From: " + from + "\r\nTo: ops@example.com\r\nSubject: " + subject
        + "\r\nMessage-ID: <" + DELIVERIES.get() + "." + System.nanoTime() + "@dovecot-test>"
        + "\r\nDate: Tue, 10 Mar 2026 11:00:00 +0000\r\nMIME-Version: 1.0"
        + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Opens {@code count} IMAP sessions logged in as {@link #USER} from 127.0.0.1, held until the returned
   * handle is closed: what a mail client keeping connections open does.
   */
  AutoCloseable holdSessions(int count) throws IOException {
    List<Socket> sockets = new ArrayList<>();
    AutoCloseable all = () -> {
      for (Socket s : sockets) {
        s.close();
      }
    };
    try {
      for (int i = 0; i < count; i++) {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", imapPort), 5000);
        socket.setSoTimeout(10_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
            StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write(("a LOGIN " + USER + " " + PASSWORD + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String line = in.readLine();
        for (int lines = 0; line != null && !line.startsWith("a ") && lines < 50; lines++) {
          line = in.readLine();
        }
        if (line == null || !line.startsWith("a OK")) {
          throw new IOException("session " + i + " was not logged in: " + line);
        }
      }
      return all;
    } catch (IOException | RuntimeException e) {
      try {
        all.close();
      } catch (Exception ignored) {
        // already failing
      }
      throw e;
    }
  }

  /** The server's log, for a failure message. */
  String log() {
    try {
      Path log = dir.resolve("dovecot.log");
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind
    }
  }

  private String config(Settings settings, String user, String group, int uid, int gid) {
    String d = dir.toString();
    StringBuilder c = new StringBuilder();
    c.append("base_dir = ").append(d).append("/run\n")
        .append("state_dir = ").append(d).append("/state\n")
        .append("instance_name = dovecot-test-").append(imapPort).append('\n')
        .append("listen = 127.0.0.1\n")
        .append("protocols = imap\n")
        .append("log_path = ").append(d).append("/dovecot.log\n")
        .append("ssl = yes\n")
        .append("ssl_cert = <").append(d).append("/cert.pem\n")
        .append("ssl_key = <").append(d).append("/key.pem\n")
        .append("disable_plaintext_auth = no\n")
        .append("auth_mechanisms = plain login\n")
        .append("default_login_user = ").append(user).append('\n')
        .append("default_internal_user = ").append(user).append('\n')
        .append("default_internal_group = ").append(group).append('\n')
        .append("first_valid_uid = 1\n")
        .append("mail_location = maildir:~/Maildir\n")
        .append("mail_max_userip_connections = ").append(settings.maxUserIpConnections()).append('\n')
        .append("auth_failure_delay = ").append(settings.authFailureDelaySeconds()).append(" secs\n");
    if (settings.clientCertificateRequired()) {
      c.append("ssl_ca = <").append(d).append("/client-ca.pem\n")
          .append("ssl_verify_client_cert = yes\n")
          .append("ssl_require_crl = no\n")
          .append("auth_ssl_require_client_cert = yes\n");
    }
    c.append("passdb {\n  driver = passwd-file\n  args = scheme=PLAIN ").append(d).append("/users\n}\n")
        .append("userdb {\n  driver = passwd-file\n  args = ").append(d).append("/users\n")
        .append("  default_fields = uid=").append(uid).append(" gid=").append(gid).append("\n}\n")
        .append("service imap-login {\n  chroot =\n")
        .append("  inet_listener imap {\n    port = ").append(imapPort).append("\n  }\n")
        .append("  inet_listener imaps {\n    port = ").append(imapsPort).append("\n    ssl = yes\n  }\n}\n")
        .append("service anvil {\n  chroot =\n}\n");
    return c.toString();
  }

  /** Waits until Dovecot greets on the IMAP port with its auth process ready ("... ready."). */
  private void awaitGreeting() throws Exception {
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    String last = "no connection";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("dovecot exited with " + process.exitValue() + ": "
            + Files.readString(dir.resolve("stdout.txt")) + "\n" + log());
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", imapPort), 1000);
        probe.setSoTimeout(5000);
        BufferedReader in = new BufferedReader(new InputStreamReader(probe.getInputStream(),
            StandardCharsets.US_ASCII));
        String line = in.readLine();
        for (int lines = 0; line != null && lines < 5; lines++) {
          if (line.startsWith("* OK") && line.contains("ready")) {
            return;
          }
          last = line;
          line = in.readLine();
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      process.waitFor(100, TimeUnit.MILLISECONDS); // a bounded pause between probes
    }
    throw new IllegalStateException("dovecot did not greet within " + START_DEADLINE + " (last: " + last + ")\n"
        + log());
  }

  private static final String STORE_PASSWORD_TEXT = "dovecot-test";
  private static final char[] STORE_PASSWORD = STORE_PASSWORD_TEXT.toCharArray();

  /** The server's and the client's key pairs, made once per test run (keytool takes a while). */
  private record Keys(KeyStore server, KeyStore client) {}

  private static @Nullable Keys keys;

  private static synchronized Keys keys() throws Exception {
    if (keys == null) {
      Path scratch = Files.createTempDirectory("dovecot-test-keys");
      try {
        keys = new Keys(keyPair(scratch, "server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost"),
            keyPair(scratch, "client", "CN=ops-client", null));
      } finally {
        try (Stream<Path> paths = Files.walk(scratch)) {
          paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    return keys;
  }

  /** A fresh RSA key pair with a self-signed certificate, made by the JDK's keytool. */
  private static KeyStore keyPair(Path scratch, String alias, String dname, @Nullable String extension)
      throws Exception {
    Path file = scratch.resolve(alias + ".p12");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString(), "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", dname, "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", STORE_PASSWORD_TEXT,
        "-keypass", STORE_PASSWORD_TEXT));
    if (extension != null) {
      command.addAll(List.of("-ext", extension));
    }
    run(command);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(file)) {
      store.load(in, STORE_PASSWORD);
    }
    Key key = store.getKey(alias, STORE_PASSWORD);
    Certificate cert = store.getCertificate(alias);
    if (key == null || cert == null) {
      throw new IllegalStateException("keytool made no key pair " + alias);
    }
    return store;
  }

  private static void writePem(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }

  private static String groupName(Path path) throws IOException {
    return Files.readAttributes(path, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
  }

  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(command.get(0) + " failed: " + output);
    }
  }
}

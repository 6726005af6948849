package io.cynodeai.connector.sandbox.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The application class-data-sharing archive (a dynamic CDS archive) of the sandbox runtime: the classes of this
 * module, the SPI, the API and Jackson that every child loads, pre-parsed and pre-verified, so a child starts
 * faster. One archive per JDK, JVM options and runtime class path (paths, sizes and modification times), named by
 * the SHA-256 of all of them, so a stale archive is never used; the JVM itself also refuses an archive whose jars
 * changed.
 *
 * <p><b>Who writes it.</b> Only the host, from a trusted run: a child that runs {@link WarmupProvider} (the
 * runtime's own connector, no untrusted code) under the same boundary and class path layout, writing the archive
 * at its exit into a fresh directory; the host copies it into its own cache directory (owner only, mode
 * {@code 700}, checked), with its SHA-256 beside it, and renames both in atomically. Connector jars are not in it
 * (the children's class path only appends them), so no connector's code or state can reach another connector's
 * or instance's children through it. Children get it read-only.
 *
 * <p><b>Falling back.</b> No cache directory to trust, a class directory (not a jar) in the runtime class path,
 * an archive still being made, or one whose bytes no longer match their SHA-256 (deleted then, and made again):
 * the child starts without it, as before. Thread-safe.
 */
final class ClassDataArchive {
  /** Where a child finds the archive. */
  static final String IN_SANDBOX = "/sandbox/cds/runtime.jsa";
  /** Where the dumping run writes it (a host directory mounted writable for that run only). */
  static final String DUMP_DIR_IN_SANDBOX = "/sandbox/cds-out";
  static final String DUMP_FILE = "runtime.jsa";
  /** The system property naming the cache directory; {@code none} turns archives off. */
  static final String DIRECTORY_PROPERTY = "io.cynodeai.connector.sandbox.cdsDirectory";

  private static final System.Logger LOG = System.getLogger(ClassDataArchive.class.getName());
  private static final ExecutorService DUMPER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sandbox-cds-dump");
    t.setDaemon(true);
    return t;
  });
  private static volatile @Nullable ClassDataArchive defaultArchive;

  private final @Nullable Path directory;
  private final Map<Path, String> verified = new ConcurrentHashMap<>(); // archive -> size/mtime it was checked at
  private final Map<String, CompletableFuture<Void>> creating = new java.util.HashMap<>(); // guarded by this

  /** Makes the archive: runs the trusted dumping child, which writes {@link #DUMP_FILE} into the given directory. */
  @FunctionalInterface
  interface Dumper {
    void dump(Path outputDirectory) throws IOException, InterruptedException;
  }

  private ClassDataArchive(@Nullable Path directory) {
    this.directory = directory;
  }

  /** Archives in {@code directory} (created owner-only if missing; not used unless owned by this user). */
  static ClassDataArchive in(Path directory) {
    return new ClassDataArchive(directory);
  }

  /** No archives: every child starts without one. */
  static ClassDataArchive none() {
    return new ClassDataArchive(null);
  }

  /** The host's cache: the {@value #DIRECTORY_PROPERTY} property, else {@code <java.io.tmpdir>/connector-sandbox-cds-<user>}. */
  static ClassDataArchive defaultArchive() {
    ClassDataArchive a = defaultArchive;
    if (a == null) {
      String configured = System.getProperty(DIRECTORY_PROPERTY);
      if ("none".equals(configured)) {
        a = none();
      } else {
        a = in(configured != null && !configured.isBlank() ? Path.of(configured)
            : Path.of(System.getProperty("java.io.tmpdir"), "connector-sandbox-cds-" + System.getProperty("user.name")));
      }
      defaultArchive = a;
    }
    return a;
  }

  /**
   * The archive's key for this JDK, these JVM options and this runtime class path, or null where no archive can
   * be made (archives off, or a class directory on the class path: CDS archives classes from jars only).
   */
  @Nullable String key(Path javaHome, List<String> jvmOptions, List<Path> runtimeClassPath) {
    if (directory == null) {
      return null;
    }
    StringBuilder material = new StringBuilder("cds-v1\n").append(javaHome.toAbsolutePath()).append('\n')
        .append(System.getProperty("java.vm.version")).append('\n').append(System.getProperty("java.runtime.version"))
        .append('\n').append(String.join(" ", jvmOptions)).append('\n');
    for (Path p : runtimeClassPath) {
      if (!Files.isRegularFile(p)) {
        return null;
      }
      try {
        material.append(p.toAbsolutePath()).append(' ').append(Files.size(p)).append(' ')
            .append(Files.getLastModifiedTime(p).toMillis()).append('\n');
      } catch (IOException e) {
        return null;
      }
    }
    return HexFormat.of().formatHex(sha256().digest(material.toString().getBytes(StandardCharsets.UTF_8)))
        .substring(0, 32);
  }

  /** The intact archive for {@code key}, or null; an archive that fails its SHA-256 is deleted. */
  @Nullable Path ready(String key) {
    Path dir = trustedDirectory();
    if (dir == null) {
      return null;
    }
    Path archive = dir.resolve(key + ".jsa");
    Path digest = dir.resolve(key + ".sha256");
    if (!Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)
        || !Files.isRegularFile(digest, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      String stamp = Files.size(archive) + "/" + Files.getLastModifiedTime(archive, LinkOption.NOFOLLOW_LINKS);
      if (stamp.equals(verified.get(archive))) {
        return archive;
      }
      String expected = Files.readString(digest, StandardCharsets.US_ASCII).trim();
      if (expected.equals(hash(archive))) {
        verified.put(archive, stamp);
        return archive;
      }
      LOG.log(System.Logger.Level.WARNING, "the sandbox's class-data archive " + archive
          + " does not match its SHA-256: deleted, children start without it until it is made again");
    } catch (IOException e) {
      // unreadable: treated as corrupt
    }
    verified.remove(archive);
    deleteQuietly(archive);
    deleteQuietly(digest);
    return null;
  }

  /**
   * Starts making the archive for {@code key} in the background, unless it is being made; completes when done
   * (with or without an archive: failures are logged at debug level and leave none).
   */
  synchronized CompletableFuture<Void> create(String key, Dumper dumper) {
    CompletableFuture<Void> running = creating.get(key);
    if (running != null && !running.isDone()) {
      return running;
    }
    CompletableFuture<Void> made = CompletableFuture.runAsync(() -> {
      if (ready(key) == null) {
        make(key, dumper);
      }
    }, DUMPER);
    creating.put(key, made); // one entry per key ever seen: a handful
    return made;
  }

  private void make(String key, Dumper dumper) {
    Path dir = trustedDirectory();
    if (dir == null) {
      return;
    }
    Path work = null;
    try {
      work = Files.createTempDirectory(dir, ".dump-");
      // writable by the sandbox's unprivileged uid; the owner-only cache directory keeps everyone else out
      Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
      dumper.dump(work);
      Path dumped = work.resolve(DUMP_FILE);
      if (!Files.isRegularFile(dumped, LinkOption.NOFOLLOW_LINKS)) {
        LOG.log(System.Logger.Level.DEBUG, "the sandbox's class-data dumping run wrote no archive");
        return;
      }
      // the host's own copy (its owner, its mode), hashed as it is written; then renamed in, digest first
      Path partial = Files.createTempFile(dir, ".archive-", ".partial");
      MessageDigest sha = sha256();
      try (InputStream in = Files.newInputStream(dumped, LinkOption.NOFOLLOW_LINKS);
          OutputStream out = Files.newOutputStream(partial)) {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
          sha.update(buf, 0, n);
          out.write(buf, 0, n);
        }
      }
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
      Path digestPartial = Files.createTempFile(dir, ".digest-", ".partial");
      Files.writeString(digestPartial, HexFormat.of().formatHex(sha.digest()) + "\n", StandardCharsets.US_ASCII);
      move(digestPartial, dir.resolve(key + ".sha256"));
      move(partial, dir.resolve(key + ".jsa"));
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "the sandbox's class-data archive could not be made", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  /** The cache directory, created owner-only if missing; null unless it is a directory of this user that no one
   * else may write (so no other local user can plant or swap an archive). */
  private @Nullable Path trustedDirectory() {
    if (directory == null) {
      return null;
    }
    try {
      if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(directory.getParent());
        try {
          Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // made meanwhile: checked below
        }
      }
      if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      Object owner = Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      Object self = Files.getAttribute(Path.of("/proc/self/"), "unix:uid");
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
      if (!owner.equals(self) || perms.contains(PosixFilePermission.GROUP_WRITE)
          || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
        LOG.log(System.Logger.Level.WARNING, "the sandbox's class-data cache " + directory
            + " is not owned by this user alone: not used");
        return null;
      }
      return directory;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return null;
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(from);
      throw e;
    }
  }

  private static String hash(Path file) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // left behind; the next check deletes it again
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(ClassDataArchive::deleteQuietly);
    } catch (IOException e) {
      // left behind in the owner-only cache directory
    }
  }
}

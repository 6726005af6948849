package io.cynodeai.connector.sandbox.internal;

import io.cynodeai.connector.sandbox.SandboxLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * cgroup v2 limits per child where the host delegates a cgroup. cgroup v2 forbids processes in a group whose
 * controllers are enabled for its children, so the host runs in a leaf group and the <em>parent</em> of that group
 * is the delegated one: writable by this process, with {@code memory}, {@code pids} and {@code cpu} in its
 * {@code cgroup.subtree_control}. Each child then gets a group of its own beside the host's, with
 * {@code memory.max} (heap plus {@value #MEMORY_OVERHEAD_MB} MiB: resident memory, unlike {@code RLIMIT_AS}),
 * {@code pids.max} ({@code maxProcesses}, counted per group) and {@code cpu.max} (one CPU), and joins it before it
 * starts ({@link #prefix}). Where none is delegated, {@link #detect()} says why and children run with the
 * {@code prlimit} limits only. Thread-safe.
 */
public final class CgroupDelegation {
  /** What a JVM child needs besides its heap: metaspace, code cache, thread stacks, the JVM itself. */
  static final int MEMORY_OVERHEAD_MB = 192;
  static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu");
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static volatile @Nullable Outcome cached;

  private CgroupDelegation() {}

  /** Whether children get cgroup limits here. */
  public sealed interface Outcome {
    /** One line for reports. */
    String description();
  }

  /** Children get groups under {@code parent}. */
  public record Delegated(Path parent) implements Outcome {
    @Override
    public String description() {
      return "cgroup v2 limits per child (memory.max, pids.max, cpu.max) under " + parent;
    }
  }

  /** No cgroup limits, and why. */
  public record NotDelegated(String reason) implements Outcome {
    @Override
    public String description() {
      return "cgroup v2 limits: not available (" + reason + ")";
    }
  }

  /** This host's delegation, found on first use. */
  public static Outcome detect() {
    Outcome outcome = cached;
    if (outcome == null) {
      outcome = detect(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"), Path.of("/"));
      cached = outcome;
    }
    return outcome;
  }

  /** As {@link #detect()}, from the given files, paths read under {@code root} (for tests). */
  static Outcome detect(Path mountinfo, Path procCgroup, Path root) {
    String mount = null;
    String own = null;
    try {
      for (String line : Files.readAllLines(mountinfo, StandardCharsets.UTF_8)) {
        String[] halves = line.split(" - ", 2);
        if (halves.length == 2 && halves[1].startsWith("cgroup2 ")) {
          mount = halves[0].split(" ")[4];
        }
      }
      for (String line : Files.readAllLines(procCgroup, StandardCharsets.UTF_8)) {
        if (line.startsWith("0::")) {
          own = line.substring(3);
        }
      }
    } catch (IOException e) {
      return new NotDelegated("cannot read " + e.getMessage());
    }
    if (mount == null) {
      return new NotDelegated("no cgroup v2 hierarchy is mounted");
    }
    if (own == null) {
      return new NotDelegated("this process is in no cgroup v2 group");
    }
    Path group = root.resolve(mount.substring(1)).resolve(own.startsWith("/") ? own.substring(1) : own).normalize();
    Path parent = own.equals("/") ? group : group.getParent();
    List<String> offered = words(group.resolve("cgroup.controllers"));
    List<String> missing = CONTROLLERS.stream().filter(c -> !offered.contains(c)).toList();
    if (!missing.isEmpty()) {
      return new NotDelegated("the cgroup v2 group " + group + " offers no " + String.join(", ", missing)
          + " controller (offered: " + offered + "; on a hybrid host they are bound to cgroup v1)");
    }
    if (own.equals("/")) {
      return new NotDelegated("this process is in the root cgroup v2 group, which is not delegated");
    }
    if (!Files.isWritable(parent) || !Files.isWritable(parent.resolve("cgroup.subtree_control"))) {
      return new NotDelegated("the parent of this process's group, " + parent + ", is not writable (not"
          + " delegated)");
    }
    List<String> enabled = words(parent.resolve("cgroup.subtree_control"));
    List<String> off = CONTROLLERS.stream().filter(c -> !enabled.contains(c)).toList();
    if (!off.isEmpty()) {
      return new NotDelegated(parent + "/cgroup.subtree_control does not enable " + String.join(", ", off));
    }
    return new Delegated(parent);
  }

  /**
   * Creates the group of the next child and returns the prefix that moves the child into it before it runs
   * anything; empty where none is delegated.
   */
  static List<String> prefix(Outcome outcome, SandboxLimits limits) {
    if (!(outcome instanceof Delegated delegated)) {
      return List.of();
    }
    Path group = delegated.parent().resolve("connector-sandbox-" + ProcessHandle.current().pid() + "-"
        + NEXT.getAndIncrement());
    try {
      Files.createDirectories(group);
      for (var limit : limitFiles(limits)) {
        if (limit.get(0).equals("memory.swap.max") && !Files.exists(group.resolve(limit.get(0)))) {
          continue; // no swap accounting on this kernel
        }
        Files.writeString(group.resolve(limit.get(0)), limit.get(1), StandardCharsets.US_ASCII);
      }
    } catch (IOException e) {
      throw new IllegalStateException("the child's cgroup " + group + " could not be set up: " + e.getMessage(), e);
    }
    return List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", group.resolve("cgroup.procs").toString());
  }

  /** The group a prefix joins, to remove once the child is gone (removing fails while a process is in it). */
  static @Nullable Path group(List<String> prefix) {
    return prefix.size() == 4 ? Path.of(prefix.get(3)).getParent() : null;
  }

  /** Removes a child's group, quietly (it is empty once its processes are gone). */
  static void remove(@Nullable Path group) {
    if (group != null) {
      try {
        Files.deleteIfExists(group);
      } catch (IOException e) {
        // still populated or already gone: nothing to do
      }
    }
  }

  /** The limit files and values for a child. */
  static List<List<String>> limitFiles(SandboxLimits limits) {
    List<List<String>> files = new ArrayList<>();
    files.add(List.of("memory.max", Long.toString((limits.maxHeapMegabytes() + (long) MEMORY_OVERHEAD_MB)
        * 1024 * 1024)));
    files.add(List.of("memory.swap.max", "0"));
    files.add(List.of("pids.max", Integer.toString(limits.maxProcesses())));
    files.add(List.of("cpu.max", "100000 100000"));
    return files;
  }

  private static List<String> words(Path file) {
    try {
      return List.of(Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+"));
    } catch (IOException e) {
      return List.of();
    }
  }
}

package io.cynodeai.connector.sandbox.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Pins a child JVM to one processor where the operating system offers it: on Linux, {@code taskset -c N}
 * (util-linux) runs the child with an affinity of one CPU, so all its threads together get at most one processor
 * however many it starts. N is taken in turn from the CPUs this process may use ({@code Cpus_allowed_list}), so
 * several children spread out. Where {@code taskset} or the list is missing, nothing is prefixed and the child
 * is bounded by {@code -XX:ActiveProcessorCount=1} and the time cap only. Thread-safe.
 */
final class CpuPinning {
  private static final List<Path> TASKSET = List.of(Path.of("/usr/bin/taskset"), Path.of("/bin/taskset"));
  private static final AtomicInteger NEXT = new AtomicInteger();

  private CpuPinning() {}

  /** The command prefix that pins the next child to one CPU, or an empty list where pinning is unavailable. */
  static List<String> prefix() {
    Path taskset = TASKSET.stream().filter(Files::isExecutable).findFirst().orElse(null);
    List<Integer> cpus = allowedCpus();
    if (taskset == null || cpus.isEmpty()) {
      return List.of();
    }
    int cpu = cpus.get(Math.floorMod(NEXT.getAndIncrement(), cpus.size()));
    return List.of(taskset.toString(), "-c", Integer.toString(cpu));
  }

  /** The CPUs this process may run on, from {@code /proc/self/status}; empty when unknown. */
  static List<Integer> allowedCpus() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("Cpus_allowed_list:")) {
          List<Integer> cpus = parse(line.substring("Cpus_allowed_list:".length()).trim());
          return cpus == null ? List.of() : cpus;
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return List.of();
  }

  /** Parses a CPU list such as {@code 0-3,8,10-11}; null when it is not one. */
  static @Nullable List<Integer> parse(String list) {
    List<Integer> cpus = new ArrayList<>();
    try {
      for (String part : list.split(",")) {
        String[] range = part.trim().split("-");
        int from = Integer.parseInt(range[0]);
        int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
        if (range.length > 2 || from < 0 || to < from || to - from > 4096) {
          return null;
        }
        for (int cpu = from; cpu <= to; cpu++) {
          cpus.add(cpu);
        }
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return cpus.isEmpty() ? null : List.copyOf(cpus);
  }
}

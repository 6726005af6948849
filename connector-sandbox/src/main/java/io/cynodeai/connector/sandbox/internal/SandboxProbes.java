package io.cynodeai.connector.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cynodeai.connector.api.ExecutionMode;
import io.cynodeai.connector.spi.ConnectorProvider;
import io.cynodeai.connector.spi.ConnectorType;
import io.cynodeai.connector.spi.HandlerResult;
import io.cynodeai.connector.spi.OperationDescriptor;
import io.cynodeai.connector.spi.OperationHandler;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * The probes of sandbox verification (REQ-GOV-008), run as an untrusted connector inside the real child: each
 * operation attempts one thing the sandbox must prevent and answers {@code {"escaped": bool, "detail": ...}}, the
 * detail being the error that stopped it and evidence of the layer (the interfaces it sees, how many processes it
 * started). The limit probes ({@code exceed_memory}, {@code exceed_cpu}, {@code exceed_time},
 * {@code exceed_output}) never answer: the child must be ended. Their input names the target (a port, a path, a
 * count). Public for the child to load it; not an API.
 */
public final class SandboxProbes implements ConnectorProvider {
  private static final int CONNECT_TIMEOUT_MILLIS = 3000;

  @Override
  public ConnectorType type() {
    ConnectorType.Builder b = ConnectorType.builder("sandbox-probes", "1.0.0");
    b.operation(probe("open_socket", in -> connect(in.path("host").asText(), in.path("port").asInt())));
    b.operation(probe("resolve_dns", in -> {
      try {
        return escaped(InetAddress.getByName(in.path("host").asText()).getHostAddress());
      } catch (IOException e) {
        return prevented(e, "interfaces " + interfaces());
      }
    }));
    b.operation(probe("connect_host_loopback", in -> connect("127.0.0.1", in.path("port").asInt())));
    b.operation(probe("read_host_file", in -> {
      try {
        return escaped("read " + Files.readString(Path.of(in.path("path").asText())).length() + " characters");
      } catch (IOException e) {
        return prevented(e, "");
      }
    }));
    b.operation(probe("read_home", in -> {
      try (var listing = Files.list(Path.of(in.path("path").asText()))) {
        return escaped("listed " + listing.count() + " entries");
      } catch (IOException e) {
        return prevented(e, "");
      }
    }));
    b.operation(probe("write_file", in -> {
      try {
        return escaped("wrote " + Files.writeString(Path.of(in.path("path").asText()), "probe"));
      } catch (IOException e) {
        return prevented(e, "");
      }
    }));
    b.operation(probe("read_environment", in -> {
      String name = in.path("name").asText();
      return System.getenv(name) != null ? escaped("the host's " + name + " is set")
          : prevented(null, "the environment holds " + new TreeSet<>(System.getenv().keySet()));
    }));
    b.operation(probe("signal_host", in -> {
      String seen = "own pid " + ProcessHandle.current().pid() + ", sees " + ProcessHandle.allProcesses().count()
          + " processes";
      Optional<ProcessHandle> target = ProcessHandle.of(in.path("pid").asLong());
      if (target.isEmpty()) {
        return prevented(null, "the host process is not visible; " + seen);
      }
      boolean sent = target.get().destroyForcibly();
      return escaped("the host process is visible; the kill was " + (sent ? "sent" : "refused") + "; " + seen);
    }));
    b.operation(probe("create_namespace", SandboxProbes::unshare));
    b.operation(probe("exceed_processes", SandboxProbes::forkMany));
    b.operation(probe("exceed_threads", SandboxProbes::threadMany));
    b.operation(probe("exceed_native_memory", SandboxProbes::allocateNative));
    b.operation(probe("exceed_memory", in -> {
      List<long[]> hoard = new ArrayList<>();
      while (true) {
        hoard.add(new long[128 * 1024]);
      }
    }));
    b.operation(probe("exceed_cpu", in -> spin()));
    b.operation(probe("exceed_time", in -> spin()));
    b.operation(probe("exceed_output", in -> {
      byte[] chunk = new byte[8192];
      java.util.Arrays.fill(chunk, (byte) 'x');
      long chunks = in.path("bytes").asLong() / chunk.length + 64;
      for (long i = 0; i < chunks; i++) {
        System.out.write(chunk, 0, chunk.length);
        System.out.flush();
      }
      return escaped("wrote " + chunks * chunk.length + " bytes");
    }));
    return b.build();
  }

  private static ObjectNode connect(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      return escaped("connected to " + host + ":" + port + "; interfaces " + interfaces());
    } catch (IOException e) {
      return prevented(e, "interfaces " + interfaces());
    }
  }

  /** Runs {@code unshare --user --net true}: a new user namespace would give it capabilities over new namespaces. */
  private static ObjectNode unshare(JsonNode in) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(in.path("command").asText(), "--user", "--net", "true")
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      String err = new String(p.getErrorStream().readNBytes(400), java.nio.charset.StandardCharsets.UTF_8).strip();
      int exit = p.waitFor();
      return exit == 0 ? escaped("created user and network namespaces")
          : prevented(null, "exit " + exit + ": " + err.lines().findFirst().orElse(""));
    } catch (IOException e) {
      return prevented(e, "");
    }
  }

  private static ObjectNode forkMany(JsonNode in) {
    int max = in.path("max").asInt();
    List<Process> started = new ArrayList<>();
    try {
      for (int i = 0; i < max; i++) {
        started.add(new ProcessBuilder(in.path("command").asText(), "30").start());
      }
      return escaped("started " + max + " processes");
    } catch (IOException e) {
      return prevented(e, "after " + started.size() + " processes");
    } finally {
      started.forEach(Process::destroyForcibly);
    }
  }

  /** Parked threads until refused ({@code OutOfMemoryError: unable to create native thread}). */
  private static ObjectNode threadMany(JsonNode in) {
    int max = in.path("max").asInt();
    CountDownLatch release = new CountDownLatch(1);
    int n = 0;
    try {
      for (; n < max; n++) {
        Thread t = new Thread(() -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        t.setDaemon(true);
        t.start();
      }
      return escaped("started " + max + " threads");
    } catch (OutOfMemoryError e) {
      return prevented(e, "after " + n + " threads");
    } finally {
      release.countDown();
    }
  }

  /** Native allocations ({@code Unsafe.allocateMemory}, outside the heap) of 64 MB until refused. */
  private static ObjectNode allocateNative(JsonNode in) throws ReflectiveOperationException {
    Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
    Field field = unsafeClass.getDeclaredField("theUnsafe");
    field.setAccessible(true);
    Object unsafe = field.get(null);
    Method allocate = unsafeClass.getMethod("allocateMemory", long.class);
    Method free = unsafeClass.getMethod("freeMemory", long.class);
    int chunks = in.path("chunks").asInt();
    List<Long> addresses = new ArrayList<>();
    try {
      for (int i = 0; i < chunks; i++) {
        addresses.add((Long) allocate.invoke(unsafe, 64L * 1024 * 1024));
      }
      return escaped("reserved " + chunks * 64L + " MB outside the heap");
    } catch (java.lang.reflect.InvocationTargetException e) {
      return prevented(e.getCause(), "after " + addresses.size() * 64L + " MB");
    } finally {
      for (Long address : addresses) {
        free.invoke(unsafe, address);
      }
    }
  }

  private static ObjectNode spin() {
    long x = 1;
    while (x != 0) {
      x = x * 31 + 7;
    }
    return escaped(Long.toString(x));
  }

  private static String interfaces() {
    try {
      List<String> names = new ArrayList<>();
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        names.add(ni.getName());
      }
      Collections.sort(names);
      return names.toString();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static ObjectNode escaped(String detail) {
    return JsonNodeFactory.instance.objectNode().put("escaped", true).put("detail", detail);
  }

  private static ObjectNode prevented(@Nullable Throwable stoppedBy, String evidence) {
    String error = stoppedBy == null ? "" : stoppedBy.getClass().getName() + ": "
        + String.valueOf(stoppedBy.getMessage()).lines().findFirst().orElse("");
    String detail = error.isEmpty() ? evidence : evidence.isEmpty() ? error : error + "; " + evidence;
    return JsonNodeFactory.instance.objectNode().put("escaped", false).put("detail", detail);
  }

  /** What a probe attempts, answering whether it escaped. */
  @FunctionalInterface
  private interface Attempt {
    ObjectNode run(JsonNode input) throws Exception;
  }

  private static OperationDescriptor.Builder probe(String name, Attempt attempt) {
    OperationHandler handler = (ctx, input) -> HandlerResult.of(attempt.run(input));
    return OperationDescriptor.builder(name).modes(ExecutionMode.SYNC).handler(handler);
  }
}

package io.cynodeai.connector.core.internal.resilience;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where handlers run. Connector calls are I/O-bound, so on a JVM with virtual threads (21+) each call gets
 * one; on Java 17 a cached pool of daemon platform threads is used. Running handlers off the caller's
 * thread is what lets the engine answer at the timeout cap even when a handler ignores interruption.
 */
public final class HandlerThreads {
  private HandlerThreads() {}

  public static ExecutorService create() {
    try {
      Object executor = MethodHandles.publicLookup()
          .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
          .invoke();
      return (ExecutorService) executor;
    } catch (Throwable notAvailable) {
      return Executors.newCachedThreadPool(new DaemonFactory());
    }
  }

  /** Whether handlers run on virtual threads on this JVM. */
  public static boolean virtual() {
    return Runtime.version().feature() >= 21;
  }

  private static final class DaemonFactory implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "connector-handler-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}

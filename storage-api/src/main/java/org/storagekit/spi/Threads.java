package org.storagekit.spi;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The one place StorageKit makes threads: daemon threads, named by pool, idle ones time out. */
public final class Threads {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private Threads() {}

  /** A factory of daemon threads named {@code name-<pool>-<n>}. */
  public static ThreadFactory daemon(String name) {
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + pool + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * A bounded pool of {@code threads} daemon threads with an unbounded queue; idle threads end after
   * 30 s, so an idle storage holds none.
   */
  public static ExecutorService pool(String name, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
    ThreadPoolExecutor tpe = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemon(name));
    tpe.allowCoreThreadTimeOut(true);
    return tpe;
  }
}

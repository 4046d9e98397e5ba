package org.storagekit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time, which a busy two-core machine disturbs far less than wall time: this JVM's own, that of
 * the peer commands it ran and waited for (the kernel adds them to its children's times), and a
 * server's, all from {@code /proc}.
 */
final class Cpu {
  /** Clock ticks per second of /proc/PID/stat times; 100 on every Linux configuration in use. */
  private static final double TICK_NANOS = 1e9 / 100;

  private Cpu() {}

  /** CPU time of this JVM plus its reaped child processes, in nanoseconds. */
  static long client() {
    long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    long[] t = times("self");
    return own + (t == null ? 0 : (long) ((t[2] + t[3]) * TICK_NANOS));
  }

  /** CPU time (user + system) of process {@code pid}, in nanoseconds, or 0 if unknown. */
  static long process(long pid) {
    long[] t = times(Long.toString(pid));
    return t == null ? 0 : (long) ((t[0] + t[1]) * TICK_NANOS);
  }

  /** utime, stime, cutime, cstime of /proc/ID/stat, or null. */
  private static long[] times(String id) {
    try {
      String stat = Files.readString(Path.of("/proc", id, "stat"), StandardCharsets.US_ASCII);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state is f[0]; utime is field 14 overall, i.e. f[11]
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}

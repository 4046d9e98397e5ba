package org.storagekit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The timed workloads every backend runs (one big file, many small files, a listing), each tool in
 * turn per run so noise spreads over all of them, with wall and CPU seconds recorded in the figures.
 */
final class Workloads {
  private final BenchOptions options;
  private final Figures figures;
  private final Path work;
  private final List<Long> serverPids;

  /**
   * Creates the workloads.
   *
   * @param serverPids the processes serving the backend being measured, for their CPU time
   */
  Workloads(BenchOptions options, Figures figures, Path work, List<Long> serverPids) {
    this.options = options;
    this.figures = figures;
    this.work = work;
    this.serverPids = serverPids;
  }


  String bigAdd() {
    return Figures.size(options.sizes().bigFile()) + " file: add";
  }

  String bigGet() {
    return Figures.size(options.sizes().bigFile()) + " file: get";
  }

  String smallAdd() {
    return String.format(Locale.ROOT, "%,d x %s: add directory", options.sizes().smallFiles(),
        Figures.size(options.sizes().smallFileSize()));
  }

  String smallGet() {
    return String.format(Locale.ROOT, "%,d x %s: get all files", options.sizes().smallFiles(),
        Figures.size(options.sizes().smallFileSize()));
  }

  String listing() {
    return String.format(Locale.ROOT, "list %,d keys", options.sizes().listKeys());
  }

  void bigFile(String backend, List<Tool> tools, Path source, Function<String, Void> clean) throws IOException {
    long size = Files.size(source);
    String add = bigAdd();
    String get = bigGet();
    for (int run = 1; run <= options.runs(); run++) {
      for (Tool tool : tools) {
        if (figures.failed(add, backend, tool.name()) || figures.failed(get, backend, tool.name())) {
          continue;
        }
        String prefix = Bench.slug(tool.name()) + "-big-" + run;
        String key = prefix + "/big.bin";
        Path target = work.resolve("download").resolve(prefix).resolve("big.bin");
        String step = add;
        try {
          Timing a = measure(() -> tool.upload(source, key));
          record(add, backend, tool, "bytes", size, run, a);
          step = get;
          Timing g = measure(() -> tool.download(key, target));
          if (Files.size(target) != size) {
            throw new IOException("downloaded " + Files.size(target) + " bytes, expected " + size);
          }
          record(get, backend, tool, "bytes", size, run, g);
        } catch (Exception e) {
          failed(step, backend, tool, "bytes", size, e);
        } finally {
          Bench.deleteQuietly(work.resolve("download").resolve(prefix));
          clean.apply(prefix);
        }
      }
    }
  }

  void smallFiles(String backend, List<Tool> tools, Path dir, Function<String, Void> clean) throws IOException {
    int count = options.sizes().smallFiles();
    String add = smallAdd();
    String get = smallGet();
    for (int run = 1; run <= options.runs(); run++) {
      for (Tool tool : tools) {
        if (figures.failed(add, backend, tool.name()) || figures.failed(get, backend, tool.name())) {
          continue;
        }
        String prefix = Bench.slug(tool.name()) + "-small-" + run;
        Path target = work.resolve("download").resolve(prefix);
        String step = add;
        try {
          Timing a = measure(() -> tool.uploadDir(dir, prefix));
          record(add, backend, tool, "files", count, run, a);
          step = get;
          Timing g = measure(() -> tool.downloadDir(prefix, target));
          long got = TestData.countFiles(target);
          if (got != count) {
            throw new IOException("downloaded " + got + " files, expected " + count);
          }
          record(get, backend, tool, "files", count, run, g);
        } catch (Exception e) {
          failed(step, backend, tool, "files", count, e);
        } finally {
          Bench.deleteQuietly(target);
          clean.apply(prefix);
        }
      }
    }
  }

  void listing(String backend, List<Tool> tools, String prefix, int keys) {
    String w = listing();
    for (int run = 1; run <= options.listRuns(); run++) {
      for (Tool tool : tools) {
        if (figures.failed(w, backend, tool.name())) {
          continue;
        }
        try {
          long[] n = new long[1];
          Timing t = measure(() -> n[0] = tool.list(prefix));
          if (n[0] != keys) {
            throw new IOException("listed " + n[0] + " keys, expected " + keys);
          }
          record(w, backend, tool, "keys", keys, run, t);
        } catch (Exception e) {
          failed(w, backend, tool, "keys", keys, e);
        }
      }
    }
  }

  /** Untimed round trips that load and compile StorageKit's code paths before the measured runs. */
  final class Warmup {
    private final Path file;
    private final Path dir;

    Warmup(Path file, Path dir) {
      this.file = file;
      this.dir = dir;
    }

    void run(String backend, Tool tool, Function<String, Void> clean) {
      String prefix = Bench.slug(tool.name()) + "-warmup";
      Path target = work.resolve("download").resolve(prefix);
      try {
        for (int i = 0; i < 2; i++) {
          tool.upload(file, prefix + "/warm.bin");
          tool.download(prefix + "/warm.bin", target.resolve("warm.bin"));
          tool.uploadDir(dir, prefix + "/dir");
          tool.downloadDir(prefix + "/dir", target.resolve("dir"));
          Bench.deleteQuietly(target);
          clean.apply(prefix);
        }
      } catch (Exception e) {
        Bench.progress("warm-up of " + tool.name() + " on " + backend + " failed: " + e);
      } finally {
        Bench.deleteQuietly(target);
        clean.apply(prefix);
      }
    }
  }


  @FunctionalInterface
  interface Op {
    void run() throws Exception;
  }

  static double time(Op op) throws Exception {
    long t0 = System.nanoTime();
    op.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  /** One timed operation: wall seconds, and CPU seconds of the client and of the servers. */
  record Timing(double seconds, double clientCpu, double serverCpu) {}

  private Timing measure(Op op) throws Exception {
    long c0 = Cpu.client();
    long s0 = serverCpu();
    long t0 = System.nanoTime();
    op.run();
    long t1 = System.nanoTime();
    long c1 = Cpu.client();
    long s1 = serverCpu();
    return new Timing((t1 - t0) / 1e9, (c1 - c0) / 1e9, serverPids.isEmpty() ? -1 : (s1 - s0) / 1e9);
  }

  private long serverCpu() {
    long sum = 0;
    for (long pid : serverPids) {
      sum += Cpu.process(pid);
    }
    return sum;
  }

  private void record(String workload, String backend, Tool tool, String unit, double amount, int run, Timing t) {
    figures.add(workload, backend, tool.name(), unit, amount, t.seconds(), t.clientCpu(), t.serverCpu());
    Bench.progress(String.format(Locale.ROOT, "%s | %s | %s | run %d/%d: %.2f s (CPU: client %.2f s, server %.2f s)",
        backend, workload, tool.name(), run, options.runs(), t.seconds(), t.clientCpu(), t.serverCpu()));
  }

  private void failed(String workload, String backend, Tool tool, String unit, double amount, Exception e) {
    String message = e.getClass().getSimpleName() + ": " + e.getMessage();
    figures.fail(workload, backend, tool.name(), unit, amount, message);
    Bench.progress(backend + " | " + workload + " | " + tool.name() + " FAILED: " + message);
  }
}

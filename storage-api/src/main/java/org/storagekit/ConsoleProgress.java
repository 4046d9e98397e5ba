package org.storagekit;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One console bar summing every transfer reported to it. The bar opens on the first report and
 * closes once every file it has seen is complete; a later report opens a fresh bar.
 */
final class ConsoleProgress implements ProgressListener {
  private static final long MIB = 1024 * 1024;

  private final PrintStream out;
  private final Map<String, long[]> files = new HashMap<>();
  private ProgressBar bar;
  private long transferred;
  private long knownTotal;
  private int open;

  ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void onProgress(long now, long total, String name) {
    long[] state = files.get(name);
    if (state == null) {
      state = new long[] {0, -1, 0}; // transferred, total, complete
      files.put(name, state);
      open++;
    }
    if (state[1] < 0 && total >= 0) {
      state[1] = total;
      knownTotal += total;
    }
    transferred += Math.max(0, now - state[0]);
    state[0] = Math.max(state[0], now);
    if (bar == null) {
      bar = new ProgressBarBuilder()
          .setTaskName("transfer")
          .setInitialMax(Math.max(knownTotal, 1))
          .setStyle(ProgressBarStyle.ASCII)
          .setUnit("MiB", MIB)
          .showSpeed()
          .setConsumer(new ConsoleProgressBarConsumer(out))
          .build();
    }
    bar.maxHint(Math.max(knownTotal, transferred));
    bar.stepTo(transferred);
    bar.setExtraMessage(" " + files.size() + " file(s), " + name);
    if (state[2] == 0 && state[1] >= 0 && state[0] >= state[1]) {
      state[2] = 1;
      open--;
    }
    if (open == 0) {
      bar.close();
      bar = null;
      files.clear();
      transferred = 0;
      knownTotal = 0;
    }
  }
}

package org.storagekit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
  @Test
  void console_drawsOneBarSummingFiles_andClosesWhenAllComplete() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ConsoleProgress bar = new ConsoleProgress(new PrintStream(out, true, StandardCharsets.UTF_8));
    bar.onProgress(1 << 20, 2 << 20, "a.bin");
    bar.onProgress(0, -1, "b.bin");
    bar.onProgress(2 << 20, 2 << 20, "a.bin");
    bar.onProgress(3 << 20, 3 << 20, "b.bin");
    String drawn = out.toString(StandardCharsets.UTF_8);
    assertThat(drawn).contains("transfer").contains("2 file(s)").contains("MiB");
    assertThat(drawn).as("closed bar shows the full sum").contains("5/5");
  }
}

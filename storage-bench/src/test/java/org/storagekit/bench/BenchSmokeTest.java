package org.storagekit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness end to end on the local backend with tiny sizes: a smoke test, not a measurement. */
class BenchSmokeTest {
  @TempDir
  Path work;

  @Test
  void run_tinyLocalSizes_printsFiguresRatiosAndMemory() throws Exception {
    BenchOptions options = BenchOptions.parse(new String[] {"--backends", "local", "--runs", "2", "--work",
        work.toString(), "--big", "1048576", "--files", "20", "--file-size", "512", "--memory", "4194304"});

    String table = new Bench(options).run();

    assertThat(table)
        .contains("| 1 MiB file: add | local | StorageKit |")
        .contains("| 1 MiB file: get | local | cp |")
        .contains("| 20 x 512 B: get all files | local | StorageKit verify=off |")
        .containsPattern("\\| 1 MiB file: add \\| local \\| cp \\| [0-9.]+ \\| >= 0.8 \\| (PASS|FAIL) \\|")
        .containsPattern("\\| local \\| 4 MiB \\| -Xmx64m \\| PASS \\| [0-9]+ MiB \\|")
        .doesNotContain("error:");
  }

  @Test
  void parse_unknownBackend_throwsNamingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--backends", "ftp"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp");
  }
}

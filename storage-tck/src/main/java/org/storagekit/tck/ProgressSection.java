package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;

/** §12 Progress: {@code ProgressListener}. */
abstract class ProgressSection extends TckSection {
  @Test
  void spec12_2_progress_isMonotonicAndEndsAtTheTotal_forEveryTransfer() {
    requires(Capability.WRITE);
    long size = 2 * MIB + 5;
    Path file = TckData.file(local.resolve("progress.bin"), size, 11);
    Recorder up = new Recorder();
    storage.addFile(file, "prog/up.bin", up).join();
    up.assertMonotonicEndingAt("prog/up.bin", size);
    Recorder stream = new Recorder();
    storage.put("prog/stream.bin", TckData.stream(size, 12), stream);
    stream.assertMonotonicEndingAt("prog/stream.bin", size);
    Recorder down = new Recorder();
    storage.getFile("prog/up.bin", local.resolve("progress-back.bin"), down);
    down.assertMonotonicEndingAt("prog/up.bin", size);
    Recorder empty = new Recorder();
    storage.put("prog/empty.bin", InputStream.nullInputStream(), empty);
    empty.assertMonotonicEndingAt("prog/empty.bin", 0);
  }

  @Test
  void spec12_3_throwingListener_abortsTheWriteAndStoresNothing() {
    requires(Capability.WRITE);
    assertThatThrownBy(() -> storage.put("aborted.bin", TckData.stream(300_000, 13), failingListener()))
        .as("§12.3: the listener's exception aborts the put").isInstanceOf(RuntimeException.class);
    assertThat(keys(open())).as("§12.3 and §5.3: nothing stored").isEmpty();
  }
}

package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.IntegrityException;
import org.storagekit.ProgressListener;
import org.storagekit.StorageFile;
import org.storagekit.StorageOptions;

/** The parallel ranged download into a temp file that S3 and Azure share. */
class TransfersTest {
  private static final byte[] CONTENT = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  @TempDir Path tmp;
  private final ExecutorService executor = Threads.pool("transfers-test", 4);

  @AfterEach
  void shutDown() {
    executor.shutdownNow();
  }

  @Test
  void download_fetchesConsecutiveRangesInParallel_writesEachAtItsOffset_returnsResultsInOrder() throws IOException {
    DownloadRequest request = request(CONTENT.length);
    List<String> ranges = Transfers.download(request, CONTENT.length, 4, new PartRunner<>(executor, 3),
        (offset, length, out) -> {
          assertThat(out.position()).isEqualTo(offset);
          out.write(ByteBuffer.wrap(CONTENT, (int) offset, (int) length));
          return offset + "+" + length;
        });
    assertThat(ranges).containsExactly("0+4", "4+4", "8+2");
    assertThat(Files.readAllBytes(request.temp())).isEqualTo(CONTENT);
  }

  @Test
  void download_emptyObject_isOneEmptyRange() throws IOException {
    List<String> ranges = Transfers.download(request(0), 0, 4, new PartRunner<>(executor, 2),
        (offset, length, out) -> offset + "+" + length);
    assertThat(ranges).containsExactly("0+0");
  }

  @Test
  void download_rangeOfAnotherLength_isASizeMismatch() {
    DownloadRequest request = request(CONTENT.length);
    assertThatThrownBy(() -> Transfers.download(request, CONTENT.length, 4, new PartRunner<>(executor, 2),
        (offset, length, out) -> out.write(ByteBuffer.wrap(CONTENT, (int) offset, (int) length - 1))))
        .isInstanceOf(IntegrityException.class).hasMessageContaining("'k'").hasMessageContaining("10 bytes");
  }

  @Test
  void download_failingRange_drainsTheRunningOnesBeforeItPropagates() {
    CountDownLatch slowStarted = new CountDownLatch(1);
    AtomicBoolean failing = new AtomicBoolean();
    Thread caller = Thread.currentThread();
    AtomicBoolean slowFinished = new AtomicBoolean();
    AtomicBoolean lastStarted = new AtomicBoolean();
    // two slots: the first range fails while the second runs, so the third is never submitted and
    // the failure leaves the loop at once; only the drain waits for the second
    assertThatThrownBy(() -> Transfers.download(request(CONTENT.length), CONTENT.length, 4,
        new PartRunner<>(executor, 2), (offset, length, out) -> {
          if (offset == 4) {
            slowStarted.countDown();
            // stay running until the other range has failed and the caller is parked waiting for us
            while (!failing.get()) {
              Thread.onSpinWait();
            }
            EngineCollaboratorsTest.awaitState(caller, Thread.State.WAITING);
            slowFinished.set(true);
            return null;
          }
          if (offset == 8) {
            lastStarted.set(true);
            return null;
          }
          await(slowStarted);
          failing.set(true);
          throw new IOException("range failed");
        })).hasMessage("range failed");
    assertThat(slowFinished).as("the running range finished before the failure propagated").isTrue();
    assertThat(lastStarted).as("no range starts after the failure").isFalse();
  }

  @Test
  void download_rangeSizeBelowOne_isRefused() {
    assertThatThrownBy(() -> Transfers.download(request(1), 1, 0, new PartRunner<>(executor, 1),
        (offset, length, out) -> null)).isInstanceOf(IllegalArgumentException.class);
  }

  private DownloadRequest request(long size) {
    StorageContext context = StorageContext.of(URI.create("mem://test/"), "", StorageOptions.defaults());
    Path temp = tmp.resolve("temp-" + System.nanoTime());
    try {
      Files.createFile(temp);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new DownloadRequest(context, "k", StorageFile.of("k", size, Instant.EPOCH, "e"), temp,
        new TransferProgress(ProgressListener.none(), "k", size), null);
  }


  private static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IOException("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException();
    }
  }
}

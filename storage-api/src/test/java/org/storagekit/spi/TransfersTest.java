package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.storagekit.Checksum;
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

  /** A body of CONTENT's bytes [offset, offset + length) that throws {@code failure} after {@code breakAfter} bytes. */
  private static InputStream body(long offset, long length, int breakAfter, IOException failure) {
    InputStream whole = new java.io.ByteArrayInputStream(CONTENT, (int) offset, (int) length);
    return new InputStream() {
      private int served;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (breakAfter >= 0 && served >= breakAfter) {
          throw failure;
        }
        int n = whole.read(b, off, breakAfter < 0 ? len : Math.min(len, breakAfter - served));
        served += Math.max(n, 0);
        return n;
      }
    };
  }

  @Test
  void download_resumingBodies_aBodyThatBreaksOnce_isResumedFromTheOffsetReached_exactBytes() throws IOException {
    DownloadRequest request = request(CONTENT.length);
    List<String> opened = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger breaks = new AtomicInteger(1);
    List<PartChecksums> checks = Transfers.download(request, CONTENT.length, 4, new PartRunner<>(executor, 3),
        offset -> new PartChecksums(Checksum.Algorithm.MD5, 4), (offset, length) -> {
          opened.add(offset + "+" + length);
          boolean broken = offset == 4 && breaks.getAndDecrement() > 0;
          return body(offset, length, broken ? 2 : -1, new SocketException("Connection reset"));
        });
    assertThat(opened).as("one resumption of the rest of the broken range").hasSize(4)
        .containsExactlyInAnyOrder("0+4", "4+4", "6+2", "8+2");
    assertThat(Files.readAllBytes(request.temp())).isEqualTo(CONTENT);
    Checksum.Hasher whole = Checksum.hasher(Checksum.Algorithm.MD5);
    whole.update(CONTENT, 4, 4);
    assertThat(checks.get(1).parts()).as("the resumed range's checksum covers all of it")
        .containsExactly(whole.finish());
  }

  @Test
  void download_resumingBodies_aBodyThatEndsEarly_isResumed() throws IOException {
    DownloadRequest request = request(CONTENT.length);
    AtomicInteger opens = new AtomicInteger();
    AtomicInteger shorts = new AtomicInteger(1);
    Transfers.download(request, CONTENT.length, 4, new PartRunner<>(executor, 1), offset -> null,
        (offset, length) -> {
          opens.incrementAndGet();
          return offset == 0 && shorts.getAndDecrement() > 0
              ? new java.io.ByteArrayInputStream(CONTENT, 0, 3) : body(offset, length, -1, null);
        });
    assertThat(opens).hasValue(4);
    assertThat(Files.readAllBytes(request.temp())).isEqualTo(CONTENT);
  }

  @Test
  void download_resumingBodies_aBodyThatKeepsBreaking_failsAfterTheAttempts_withTheNetworkFailure() {
    DownloadRequest request = request(CONTENT.length);
    AtomicInteger opens = new AtomicInteger();
    assertThatThrownBy(() -> Transfers.download(request, CONTENT.length, 10, new PartRunner<>(executor, 1),
        offset -> null, (offset, length) -> {
          opens.incrementAndGet();
          return body(offset, length, 1, new SocketException("Connection reset"));
        })).isInstanceOf(SocketException.class).hasMessage("Connection reset");
    assertThat(opens).as("bounded").hasValue(Transfers.RANGE_ATTEMPTS);
  }

  @Test
  void download_resumingBodies_aLocalOrInterruptFailure_isNotRetried() {
    AtomicInteger opens = new AtomicInteger();
    assertThatThrownBy(() -> Transfers.download(request(CONTENT.length), CONTENT.length, 10,
        new PartRunner<>(executor, 1), offset -> null, (offset, length) -> {
          opens.incrementAndGet();
          return body(offset, length, 1, new java.nio.file.FileSystemException("disk full"));
        })).isInstanceOf(java.nio.file.FileSystemException.class);
    assertThat(opens).hasValue(1);
  }

  @Test
  void download_resumingBodies_aFailureToOpen_propagatesAtOnce() {
    AtomicInteger opens = new AtomicInteger();
    assertThatThrownBy(() -> Transfers.download(request(CONTENT.length), CONTENT.length, 10,
        new PartRunner<>(executor, 1), offset -> null, (offset, length) -> {
          opens.incrementAndGet();
          throw new SocketException("refused");
        })).hasMessage("refused");
    assertThat(opens).hasValue(1);
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

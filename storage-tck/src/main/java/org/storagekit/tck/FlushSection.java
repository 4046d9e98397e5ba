package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.FlushException;
import org.storagekit.Storage;
import org.storagekit.StorageFile;

/** §10 Background uploads and flush: {@code addFile}, {@code flush} and {@code close}. */
abstract class FlushSection extends TckSection {
  @Test
  void spec10_1_flush_returnsWhenEveryBackgroundUploadIsDurable() {
    requires(Capability.WRITE);
    List<CompletableFuture<StorageFile>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      futures.add(storage.addFile(TckData.stream(10_000 + i, i), "bg/" + i));
    }
    storage.flush();
    assertThat(futures).as("§10.1: every upload done when flush returns").allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(keys(open())).hasSize(40);
  }

  @Test
  void spec10_2_flush_failedBackgroundUploads_throwsNamingEveryFailedKey() {
    requires(Capability.WRITE);
    CompletableFuture<StorageFile> bad1 = storage.addFile(TckData.failingAfter(5000, 1), "bad/one.txt");
    CompletableFuture<StorageFile> bad2 = storage.addFile(TckData.failingAfter(0, 2), "bad/two.txt");
    CompletableFuture<StorageFile> good = storage.addFile(new ByteArrayInputStream(utf8("ok")), "good.txt");
    Throwable thrown = catchThrowable(storage::flush);
    assertThat(thrown).as("§10.2: flush reports failed uploads").isInstanceOf(FlushException.class)
        .hasMessageContaining("bad/one.txt").hasMessageContaining("bad/two.txt");
    assertThat(((FlushException) thrown).failures()).containsOnlyKeys("bad/one.txt", "bad/two.txt");
    assertThat(bad1).isCompletedExceptionally();
    assertThat(bad2).isCompletedExceptionally();
    assertThat(good.join().key()).isEqualTo("good.txt");
    assertThat(keys(open())).as("§10.2: a failed upload is never stored").containsExactly("good.txt");
    assertThatCode(storage::flush).as("§10.2: each failure is reported once").doesNotThrowAnyException();
  }

  @Test
  void spec10_3_close_flushesAndReportsFailures_thenRefusesUse() {
    requires(Capability.WRITE);
    Storage s = open();
    CompletableFuture<StorageFile> ok = s.addFile(TckData.stream(200_000, 3), "closing/ok.bin");
    s.addFile(TckData.failingAfter(100, 4), "closing/bad.bin");
    assertThatThrownBy(s::close).as("§10.3: close flushes and never drops an error")
        .isInstanceOf(FlushException.class).hasMessageContaining("closing/bad.bin");
    assertThat(ok).isCompletedWithValueMatching(f -> f.size() == 200_000);
    assertThat(open().contains("closing/ok.bin")).isTrue();
    assertThatThrownBy(() -> s.contains("closing/ok.bin")).as("§10.3: closed").isInstanceOf(IllegalStateException.class);
    assertThatCode(s::close).as("§10.3: closing twice is harmless").doesNotThrowAnyException();
  }

  @Test
  void spec10_4_readThroughTheSameInstance_waitsForPendingUploadOfThatKey() throws Exception {
    requires(Capability.WRITE);
    CountDownLatch release = new CountDownLatch(1);
    InputStream gated = new java.io.SequenceInputStream(new InputStream() {
      @Override
      public int read() throws IOException {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        return -1;
      }
    }, new ByteArrayInputStream(utf8("arrived")));
    storage.addFile(gated, "gated.txt");
    Thread reader = Thread.currentThread();
    Thread releaser = new Thread(() -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        Thread.State state = reader.getState();
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
          break; // the reader is blocked: waiting for the upload, as it must
        }
        LockSupport.parkNanos(1_000_000);
      }
      release.countDown();
    });
    releaser.start();
    boolean present = storage.contains("gated.txt");
    releaser.join();
    assertThat(present).as("§10.4: contains() waits for the pending upload of its key").isTrue();
    assertThat(read(storage, "gated.txt")).isEqualTo(utf8("arrived"));
  }
}

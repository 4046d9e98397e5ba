package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.NotFoundException;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.TransientException;

/** The engine's small parts, each on its own: the cache, the translation path, the translating stream. */
class EngineCollaboratorsTest {
  private static final URI URI_ = URI.create("mem://test/");

  @Test
  void metadataCache_isABoundedLru_notDroppedWhole() {
    MetadataCache cache = new MetadataCache(true, 3);
    for (String k : new String[] {"a", "b", "c"}) {
      cache.put(k, Optional.of(file(k)));
    }
    assertThat(cache.get("a")).isPresent(); // a is now the most recently used
    cache.put("d", Optional.empty());
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get("b")).as("the least recently used entry goes").isNull();
    assertThat(cache.get("a")).isPresent();
    assertThat(cache.get("d")).as("absence is cached too").isEmpty();
  }

  @Test
  void metadataCache_disabled_remembersNothing() {
    MetadataCache cache = new MetadataCache(false, 3);
    cache.put("a", Optional.of(file("a")));
    assertThat(cache.get("a")).isNull();
  }

  @Test
  void failures_backendHookComesFirst() {
    StorageException mine = new NotFoundException(URI_, "k", "gone");
    Failures f = new Failures(URI_, backend((e, key) -> Optional.of(mine)));
    assertThat(f.translate(new RuntimeException("vendor"), "k")).isSameAs(mine);
  }

  @Test
  void failures_networkIoException_isTransient_localFileSystemIsNot() {
    Failures f = new Failures(URI_, backend((e, key) -> Optional.empty()));
    assertThat(f.translate(new ConnectException("refused"), "k")).isInstanceOf(TransientException.class)
        .hasMessageContaining("'k'").hasCauseInstanceOf(ConnectException.class);
    assertThat(f.translate(new java.io.UncheckedIOException(new IOException("reset")), "k"))
        .isInstanceOf(TransientException.class);
    RuntimeException local = f.translate(new NoSuchFileException("/tmp/x"), "k");
    assertThat(local).isInstanceOf(StorageException.class).isNotInstanceOf(TransientException.class);
  }

  @Test
  void failures_brokenSourceStream_isNotTransient_evenWrappedByAnSdk() {
    Failures f = new Failures(URI_, backend((e, key) -> Optional.of(new TransientException(URI_, key, "sdk", e))));
    IOException broken = new IOException("disk unplugged");
    InputStream source = new SourceStream(new InputStream() {
      @Override
      public int read() throws IOException {
        throw broken;
      }
    });
    IOException thrown = org.assertj.core.api.Assertions.catchThrowableOfType(IOException.class, source::read);
    RuntimeException sdk = new RuntimeException("SDK: unable to read the request body", thrown);
    assertThat(f.translate(sdk, "k")).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("reading the source stream failed").hasMessageContaining("disk unplugged");
  }

  @Test
  void failures_unknownVendorException_isWrappedInOurs_argumentErrorsPass() {
    Failures f = new Failures(URI_, backend((e, key) -> Optional.empty()));
    class VendorException extends RuntimeException {
      private static final long serialVersionUID = 1L;

      VendorException() {
        super("vendor says no");
      }
    }
    RuntimeException wrapped = f.translate(new VendorException(), "k");
    assertThat(wrapped).isExactlyInstanceOf(StorageException.class).hasCauseInstanceOf(VendorException.class)
        .hasMessageContaining("vendor says no");
    IllegalArgumentException bad = new IllegalArgumentException("bad");
    assertThat(f.translate(bad, "k")).isSameAs(bad);
  }

  @Test
  void failures_throwingHook_isReportedNotLost() {
    Failures f = new Failures(URI_, backend((e, key) -> {
      throw new IllegalStateException("hook bug");
    }));
    RuntimeException t = f.translate(new RuntimeException("original"), "k");
    assertThat(t).isInstanceOf(StorageException.class).hasMessageContaining("hook bug");
    assertThat(t.getCause().getSuppressed()).extracting(Throwable::getMessage).containsExactly("original");
  }

  @Test
  void translatingStream_vendorFailureWhileReading_isAnIoExceptionCarryingOurs() {
    Failures f = new Failures(URI_, backend((e, key) -> Optional.of(new TransientException(URI_, key, "reset", e))));
    InputStream broken = new InputStream() {
      @Override
      public int read() {
        throw new IllegalMonitorStateException("vendor stream broke");
      }
    };
    InputStream in = new TranslatingInputStream(broken, f, "k");
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasCauseInstanceOf(TransientException.class);
  }

  @Test
  void streamParts_boundsBuffers_reusesThem_andCutsAtTheEnd() throws Exception {
    StreamParts parts = new StreamParts(new ByteArrayInputStream(new byte[10]), 4, 2);
    StreamParts.Part p1 = parts.next().orElseThrow();
    StreamParts.Part p2 = parts.next().orElseThrow();
    assertThat(p1.length()).isEqualTo(4);
    assertThat(p2.isLast()).isFalse();
    Thread waiting = new Thread(() -> {
      try {
        parts.next();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    waiting.start();
    awaitState(waiting, Thread.State.WAITING);
    assertThat(waiting.isAlive()).as("a third buffer waits for a release").isTrue();
    p1.release();
    waiting.join(5_000);
    assertThat(waiting.isAlive()).isFalse();
    assertThat(parts.next()).as("10 bytes in parts of 4: three parts").isEmpty();
  }

  @Test
  void streamParts_emptyStream_isOneEmptyPart_exactMultiple_hasNoEmptyTail() throws IOException {
    StreamParts empty = new StreamParts(InputStream.nullInputStream(), 4, 1);
    StreamParts.Part only = empty.next().orElseThrow();
    assertThat(only.length()).isZero();
    assertThat(only.isLast()).isTrue();
    assertThat(empty.next()).isEmpty();
    StreamParts exact = new StreamParts(new ByteArrayInputStream(new byte[8]), 4, 3);
    assertThat(exact.next().orElseThrow().length()).isEqualTo(4);
    assertThat(exact.next().orElseThrow().length()).isEqualTo(4);
    assertThat(exact.next()).isEmpty();
  }

  @Test
  void partRunner_firstFailureStopsNewParts_andAwaitRethrowsIt() throws Exception {
    java.util.concurrent.ExecutorService pool = Threads.pool("test", 2);
    try {
      PartRunner<Integer> runner = new PartRunner<>(pool, 1);
      runner.submit(() -> {
        throw new IOException("part 1 failed");
      });
      java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
      assertThatThrownBy(() -> runner.submit(() -> {
        ran.set(true);
        return 2;
      })).hasMessage("part 1 failed");
      assertThatThrownBy(runner::await).hasMessage("part 1 failed");
      assertThat(ran).isFalse();
      PartRunner<Integer> ok = new PartRunner<>(pool, 2);
      for (int i = 0; i < 5; i++) {
        int n = i;
        ok.submit(() -> n);
      }
      assertThat(ok.await()).containsExactly(0, 1, 2, 3, 4);
    } finally {
      pool.shutdown();
    }
  }

  /** Waits (on the thread's state, not a clock) until {@code t} parks; fails after 10 s. */
  static void awaitState(Thread t, Thread.State state) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (t.getState() != state) {
      assertThat(System.nanoTime()).as("%s never reached %s", t.getName(), state).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static StorageFile file(String key) {
    return StorageFile.of(key, 1, Instant.EPOCH, "e");
  }

  private interface Hook {
    Optional<StorageException> translate(Throwable e, String key);
  }

  private static StorageBackend backend(Hook hook) {
    return new StorageBackend() {
      @Override
      public Set<Capability> capabilities() {
        return Set.of();
      }

      @Override
      public Page list(ListRequest request) {
        return Page.last(java.util.List.of());
      }

      @Override
      public Optional<StorageFile> stat(String name) {
        return Optional.empty();
      }

      @Override
      public InputStream read(ReadRequest request) {
        return InputStream.nullInputStream();
      }

      @Override
      public StorageFile write(WriteRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public StorageFile copy(CopyRequest request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void delete(String name) {}

      @Override
      public Optional<StorageException> translate(Throwable error, String key) {
        return hook.translate(error, key);
      }
    };
  }
}

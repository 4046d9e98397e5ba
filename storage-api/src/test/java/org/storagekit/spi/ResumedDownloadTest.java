package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Capability;
import org.storagekit.Checksum;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.StorageOptions;
import org.storagekit.TransientException;

/**
 * Through the engine: a backend whose parallel download breaks a range's body resumes it, classified
 * by the backend's own translation hook (an SDK's unchecked network exception), pinned to the
 * version it started on, and the whole file's checksum is still verified.
 */
class ResumedDownloadTest {
  private static final URI URI_ = URI.create("mem://resume/");
  private static final int SIZE = 3 * Transfers.BUFFER + 123;
  private static final int RANGE = Transfers.BUFFER;

  @TempDir Path dir;

  /** What an SDK throws when a connection resets mid-body: unchecked, known to its backend only. */
  static final class SdkNetworkException extends RuntimeException {
    SdkNetworkException(String message) {
      super(message);
    }
  }

  private static byte[] content() {
    byte[] b = new byte[SIZE];
    new Random(SIZE).nextBytes(b);
    return b;
  }

  @Test
  void getFile_aRangeBodyBreaksOnce_isResumedFromWhereItBroke_pinned_exactBytes_checksumVerified() {
    byte[] content = content();
    FakeBackend backend = new FakeBackend(content, 1, new SdkNetworkException("Connection reset"));
    try (Storage storage = StorageEngine.open(StorageContext.of(URI_, "", StorageOptions.defaults()), backend)) {
      Path target = storage.getFile("big.bin", dir.resolve("big.bin"));
      assertThat(Files.readAllBytes(target)).isEqualTo(content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    int ranges = (SIZE + RANGE - 1) / RANGE;
    assertThat(backend.opened).as("each range once, and the rest of the broken one").hasSize(ranges + 1)
        .contains((RANGE + 1000) + "+" + (RANGE - 1000));
    assertThat(backend.pins).as("every body pinned to the described version").containsOnly("v1");
  }

  @Test
  void getFile_aRangeBodyThatKeepsBreaking_failsAsTransient_namingTheKey_leavingNoFile() throws IOException {
    FakeBackend backend = new FakeBackend(content(), Integer.MAX_VALUE, new SdkNetworkException("Connection reset"));
    try (Storage storage = StorageEngine.open(StorageContext.of(URI_, "", StorageOptions.defaults()), backend)) {
      assertThatThrownBy(() -> storage.getFile("big.bin", dir.resolve("big.bin")))
          .isInstanceOf(TransientException.class).hasMessageContaining("big.bin");
    }
    assertThat(backend.opened).as("the broken range, %d times; the others once", Transfers.RANGE_ATTEMPTS)
        .filteredOn(ResumedDownloadTest::inSecondRange).hasSize(Transfers.RANGE_ATTEMPTS);
    try (var files = Files.list(dir)) {
      assertThat(files).as("no partial or temp file").isEmpty();
    }
  }

  @Test
  void getFile_aBodyFailureTheBackendDoesNotCallTransient_isNotRetried() throws IOException {
    FakeBackend backend = new FakeBackend(content(), 1, new IllegalStateException("decoder broke"));
    try (Storage storage = StorageEngine.open(StorageContext.of(URI_, "", StorageOptions.defaults()), backend)) {
      assertThatThrownBy(() -> storage.getFile("big.bin", dir.resolve("big.bin")))
          .hasMessageContaining("decoder broke");
    }
    assertThat(backend.opened).filteredOn(ResumedDownloadTest::inSecondRange).hasSize(1);
  }

  /** Whether an opened body "offset+length" lies in the second range, the one that breaks. */
  private static boolean inSecondRange(String opened) {
    long offset = Long.parseLong(opened.substring(0, opened.indexOf('+')));
    return offset >= RANGE && offset < 2L * RANGE;
  }

  /** Serves one object ("v1") in parallel ranges; each body of the second range (resumed ones too) breaks after 1000 bytes, {@code breaks} times in all. */
  private static final class FakeBackend implements StorageBackend {
    final List<String> opened = Collections.synchronizedList(new ArrayList<>());
    final List<String> pins = Collections.synchronizedList(new ArrayList<>());
    private final byte[] content;
    private final AtomicInteger breaks;
    private final RuntimeException failure;
    private final Checksum md5;

    FakeBackend(byte[] content, int breaks, RuntimeException failure) {
      this.content = content;
      this.breaks = new AtomicInteger(breaks);
      this.failure = failure;
      Checksum.Hasher h = Checksum.hasher(Checksum.Algorithm.MD5);
      h.update(content, 0, content.length);
      this.md5 = h.finish();
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of();
    }

    @Override
    public Page list(ListRequest request) {
      return Page.last(List.of());
    }

    @Override
    public Optional<StorageFile> stat(String name) {
      return Optional.of(StorageFile.of(name, content.length, Instant.EPOCH, "v1"));
    }

    @Override
    public Optional<Checksum> expectedChecksum(StorageFile file) {
      return Optional.of(md5);
    }

    @Override
    public void download(DownloadRequest request) throws IOException {
      String pin = request.file().etag().orElseThrow();
      Transfers.download(request, content.length, RANGE, new PartRunner<>(request.context().parts(2), 2),
          offset -> null, (offset, length) -> {
            opened.add(offset + "+" + length);
            pins.add(pin);
            boolean broken = inSecondRange(offset + "+") && breaks.getAndDecrement() > 0;
            return breaking(offset, length, broken ? 1000 : -1);
          });
      request.verify(Checksum.of(Checksum.Algorithm.MD5, request.temp(), 0, -1));
    }

    private InputStream breaking(long offset, long length, int after) {
      ByteArrayInputStream whole = new ByteArrayInputStream(content, (int) offset, (int) length);
      return new InputStream() {
        private int served;

        @Override
        public int read() {
          throw new UnsupportedOperationException("read in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
          if (after >= 0 && served >= after) {
            throw failure;
          }
          int n = whole.read(b, off, after < 0 ? len : Math.min(len, after - served));
          served += Math.max(n, 0);
          return n;
        }
      };
    }

    @Override
    public InputStream read(ReadRequest request) {
      throw new UnsupportedOperationException();
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
      return error instanceof SdkNetworkException
          ? Optional.of(new TransientException(URI_, key, error.getMessage(), error)) : Optional.empty();
    }
  }
}

package org.storagekit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.storagekit.Checksum;
import org.storagekit.StorageException;
import org.storagekit.StorageOptions;

/** The upload skeleton against a recording service: one request or parts, completion, abort. */
class MultipartTest {
  private static final Checksum.Algorithm MD5 = Checksum.Algorithm.MD5;
  private static final StorageContext CONTEXT =
      StorageContext.of(URI.create("mem://test/"), "p/", StorageOptions.builder().build());

  @TempDir Path tmp;
  private final ExecutorService executor = Threads.pool("multipart-test", 4);
  private final Service service = new Service();

  @AfterEach
  void shutDown() {
    executor.shutdownNow();
  }

  @Test
  void file_withinThreshold_isOneRequestWithTheWholeFile() throws IOException {
    Path file = randomFile(1000);

    assertThat(file(file, 10, null, 1000)).isEqualTo("single 1000");

    assertThat(service.single).isEqualTo(Files.readAllBytes(file));
    assertThat(service.singleChecksum).isEqualTo(Checksum.of(MD5, file, 0, -1));
    assertThat(service.started).isZero();
  }

  @Test
  void file_aboveThreshold_sendsRangesInOrderAndCompletesWithTheWholeChecksum() throws IOException {
    Path file = randomFile(1050);

    assertThat(file(file, 20, MD5, 1000)).isEqualTo("complete 11 parts 1050 bytes");

    assertThat(service.partSize).isEqualTo(100);
    assertThat(service.answers).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(service.offsets.get(11)).isEqualTo(1000);
    assertThat(service.content()).isEqualTo(Files.readAllBytes(file));
    assertThat(service.checksum).isEqualTo(Checksum.of(MD5, file, 0, -1));
    assertThat(service.files).as("file parts name their file for SDKs that read ranges themselves")
        .containsOnly(file);
    assertThat(service.aborted).isFalse();
  }

  @Test
  void file_moreRangesThanMaxParts_raisesThePartSize() throws IOException {
    file(randomFile(1000), 4, null, 10);

    assertThat(service.partSize).isEqualTo(250);
    assertThat(service.answers).hasSize(4);
  }

  @Test
  void copy_isAlwaysMultipart_partsNameTheirRangesAndCarryNoBytes() throws IOException {
    String result = multipart(10, null).copy(250, 100);

    assertThat(result).isEqualTo("complete 3 parts 250 bytes");
    assertThat(service.offsets.values()).containsExactly(0L, 100L, 200L);
    assertThat(service.content()).isEmpty();
    assertThat(service.files).isEmpty();
  }

  /** Within the threshold of 400, also when it ends exactly there on a part boundary. */
  @ParameterizedTest
  @ValueSource(ints = {350, 400})
  void stream_endingWithinThreshold_isOneRequestWithTheHeadsBytes(int size) throws IOException {
    byte[] bytes = random(size);

    assertThat(stream(bytes, 10, null, 400)).isEqualTo("single " + size);

    assertThat(service.single).isEqualTo(bytes);
    assertThat(service.singleChecksum).isEqualTo(md5(bytes));
    assertThat(service.started).isZero();
  }

  @Test
  void stream_empty_isOneEmptyRequest() throws IOException {
    assertThat(stream(new byte[0], 10, null, 99)).isEqualTo("single 0");
  }

  /** Past the threshold of 250, also when it ends on a part boundary (no empty last part). */
  @ParameterizedTest
  @ValueSource(ints = {1234, 600})
  void stream_passingThreshold_sendsItsPartsInOrderWithTheWholeChecksum(int size) throws IOException {
    byte[] bytes = random(size);

    assertThat(stream(bytes, 100, MD5, 250)).isEqualTo("complete " + (size + 99) / 100 + " parts " + size + " bytes");

    assertThat(service.content()).isEqualTo(bytes);
    assertThat(service.checksum).isEqualTo(md5(bytes));
    assertThat(service.files).isEmpty();
  }

  @Test
  void stream_growingPartSizes_followsTheScheduleAndEndsAtASizeChange() throws IOException {
    byte[] bytes = random(10 + 10 + 20 + 20 + 40);
    IntUnaryOperator doubling = n -> 10 << ((n - 1) / 2);

    String result = multipart(100, MD5).stream(new ByteArrayInputStream(bytes), doubling, 9, 2, service::single);

    assertThat(result).isEqualTo("complete 5 parts 100 bytes");
    assertThat(service.lengths.values()).containsExactly(10L, 10L, 20L, 20L, 40L);
    assertThat(service.content()).isEqualTo(bytes);
    assertThat(service.checksum).isEqualTo(md5(bytes));
  }

  @Test
  void stream_partsInFlight_neverMoreThanTheConcurrency() throws IOException {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    service.whilePart = () -> {
      most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      sleep();
      inFlight.decrementAndGet();
    };

    stream(random(2000), 100, null, 150);

    assertThat(most.get()).isBetween(1, 2);
  }

  @Test
  void failingPart_drainsTheOthersThenAbortsAndRethrows() {
    AtomicInteger running = new AtomicInteger();
    AtomicBoolean runningAtAbort = new AtomicBoolean();
    service.whilePart = () -> {
      running.incrementAndGet();
      sleep();
      running.decrementAndGet();
    };
    service.failPart = 3;
    service.onAbort = () -> runningAtAbort.set(running.get() > 0);

    assertThatThrownBy(() -> stream(random(2000), 100, null, 150)).isInstanceOf(IOException.class)
        .hasMessage("part 3 failed");

    assertThat(service.aborted).isTrue();
    assertThat(runningAtAbort).as("no part still running when the upload is aborted").isFalse();
  }

  @Test
  void failedAbort_isSuppressedInTheFailure() throws IOException {
    Path file = randomFile(500);
    service.failPart = 2;
    service.onAbort = () -> {
      throw new IllegalStateException("abort refused");
    };

    assertThatThrownBy(() -> file(file, 10, null, 100)).hasMessage("part 2 failed")
        .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
            .containsExactly("abort refused"));
  }

  @Test
  void failingComplete_abortsToo() throws IOException {
    Path file = randomFile(500);
    service.failComplete = true;

    assertThatThrownBy(() -> file(file, 10, null, 100)).hasMessage("complete failed");
    assertThat(service.aborted).isTrue();
  }

  @Test
  void streamNeedingMorePartsThanMaxParts_failsNamingTheKeyAndAborts() {
    assertThatThrownBy(() -> stream(random(1000), 3, null, 150)).isInstanceOf(StorageException.class)
        .hasMessageContaining("'k'").hasMessageContaining("too large for 3 parts of 100 bytes");
    assertThat(service.aborted).isTrue();
    assertThat(service.parts.keySet()).as("no part past the limit is sent").allMatch(n -> n <= 3);
  }

  private Path randomFile(int size) throws IOException {
    return Files.write(tmp.resolve("file-" + size), random(size));
  }

  /** Uploads {@code file} in parts of 100 bytes. */
  private String file(Path file, long maxParts, Checksum.Algorithm whole, long threshold) throws IOException {
    return multipart(maxParts, whole).file(file, Files.size(file), threshold, 100, service::single);
  }

  /** Streams {@code bytes} in parts of 100 bytes, two at a time. */
  private String stream(byte[] bytes, long maxParts, Checksum.Algorithm whole, long threshold)
      throws IOException {
    return multipart(maxParts, whole).stream(new ByteArrayInputStream(bytes), n -> 100, threshold, 2, service::single);
  }

  private Multipart<Integer, String> multipart(long maxParts, Checksum.Algorithm whole) {
    return new Multipart<>(CONTEXT, "p/k", () -> new PartRunner<>(executor, 2), maxParts, whole, service::start);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static Checksum md5(byte[] bytes) {
    Checksum.Hasher h = Checksum.hasher(MD5);
    h.update(bytes, 0, bytes.length);
    return h.finish();
  }

  private static void sleep() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A service that records what it is sent. */
  private static final class Service implements Multipart.Upload<Integer, String> {
    final Map<Integer, byte[]> parts = Collections.synchronizedMap(new TreeMap<>());
    final Map<Integer, Long> offsets = Collections.synchronizedMap(new TreeMap<>());
    final Map<Integer, Long> lengths = Collections.synchronizedMap(new TreeMap<>());
    final List<Path> files = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> answers = new ArrayList<>();
    byte[] single;
    Checksum singleChecksum;
    int started;
    long partSize;
    Checksum checksum;
    volatile boolean aborted;
    Runnable whilePart = () -> { };
    Runnable onAbort = () -> { };
    int failPart;
    boolean failComplete;

    String single(Multipart.Part content) throws IOException {
      try (InputStream in = content.stream()) {
        single = in.readAllBytes();
      }
      singleChecksum = content.checksum(MD5);
      return "single " + content.length();
    }

    Multipart.Upload<Integer, String> start(long size) {
      started++;
      partSize = size;
      return this;
    }

    @Override
    public Integer part(Multipart.Part part) throws IOException {
      whilePart.run();
      if (part.number() == failPart) {
        throw new IOException("part " + part.number() + " failed");
      }
      try (InputStream in = part.stream()) {
        parts.put(part.number(), in.readAllBytes());
      }
      part.file().ifPresent(files::add);
      offsets.put(part.number(), part.offset());
      lengths.put(part.number(), part.length());
      return part.number();
    }

    @Override
    public String complete(List<Integer> answered, long size, Checksum whole) throws IOException {
      if (failComplete) {
        throw new IOException("complete failed");
      }
      answers.addAll(answered);
      checksum = whole;
      return "complete " + answered.size() + " parts " + size + " bytes";
    }

    @Override
    public void abort() {
      aborted = true;
      onAbort.run();
    }

    byte[] content() {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      synchronized (parts) {
        parts.values().forEach(all::writeBytes);
      }
      return all.toByteArray();
    }
  }
}

package org.storagekit.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.RetryOptions;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.TransientException;
import org.storagekit.testing.FakeGcsServer;
import org.storagekit.tck.faults.Fault;
import org.storagekit.tck.faults.FaultProxy;
import org.storagekit.tck.faults.Schedule;

/**
 * Fault tests through a {@link FaultProxy} in front of a {@link FakeGcsServer} of their own, with
 * the shared retry and timeout settings [§14.7, §14.8]. Opening a resumable upload session is
 * retried when its response stalls (the issue saw it "Unretryable" under load); a chunk whose
 * request is reset is resumed from the offset the server committed, in the same session, never
 * restarted; a stall before a response is retried, or with one attempt ends in a
 * {@link TransientException} naming the key. Attempts are counted from the server's request log
 * and the proxy's connections.
 */
class GcsFaultsTest {
  private static final Logger LOG = LoggerFactory.getLogger(GcsFaultsTest.class);
  private static final String BUCKET = "faults";
  private static final int CHUNK = GcsStorageConfig.MIN_CHUNK_SIZE;
  private static final int SIZE = 4 * CHUNK + 12_345; // five chunks, the last one short
  /** Short, so that a stalled connection fails fast; the proxy stalls far longer. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration STALL = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final FakeGcsServer server = start();
  private FaultProxy proxy;

  private static FakeGcsServer start() {
    try {
      return FakeGcsServer.start();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void cleanUp() {
    if (proxy != null) {
      LOG.info("{}: {} connection(s), faults injected {}", proxy, proxy.connections(), proxy.injected());
      proxy.close();
    }
    server.close();
  }

  private Storage throughProxy(Schedule schedule, int attempts) {
    proxy = FaultProxy.start(java.net.URI.create(server.endpoint()), schedule, 16);
    return GcsStorageConfig.builder(BUCKET).host(proxy.endpoint().toString()).noCredentials().project("p")
        .chunkSize(CHUNK)
        .retries(RetryOptions.builder().maxAttempts(attempts).initialBackoff(Duration.ofMillis(10))
            .maxBackoff(Duration.ofMillis(100)).readTimeout(READ_TIMEOUT).build())
        .build().open();
  }

  private static byte[] source() {
    byte[] b = new byte[SIZE];
    new Random(SIZE).nextBytes(b);
    return b;
  }

  /** The session-opening requests the server received. */
  private long sessionsOpened() {
    return server.requestsWithQueries().stream().filter(r -> r.startsWith("POST ") && r.contains("uploadType=resumable"))
        .count();
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void resumablePut_sessionOpenStalls_isRetried_exactBytes() throws IOException {
    byte[] content = source();
    Path file = Files.write(dir.resolve("src.bin"), content);
    try (Storage storage = throughProxy(Schedule.on(Fault.stallAfter(0, STALL), 1), 3)) {
      storage.put("big.bin", file);
    }
    assertThat(proxy.injected(Fault.Kind.STALL)).as("the stall was injected").isEqualTo(1);
    assertThat(sessionsOpened()).as("the stalled session open, then its retry").isEqualTo(2);
    assertThat(server.content(BUCKET, "big.bin")).as("exactly the source bytes").isEqualTo(content);
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void resumablePut_resetInTheSecondChunk_resumesFromTheCommittedOffset_inTheSameSession() throws IOException {
    byte[] content = source();
    Path file = Files.write(dir.resolve("src.bin"), content);
    // one connection carries the session open (under 4 KiB) and then the chunks: this lands in the second
    long resetAt = CHUNK + CHUNK / 2;
    try (Storage storage = throughProxy(Schedule.on(Fault.resetRequestAfter(resetAt), 1), 3)) {
      storage.put("big.bin", file);
    }
    assertThat(proxy.injected(Fault.Kind.RESET_REQUEST)).as("the reset was injected").isEqualTo(1);
    List<Long> chunks = server.chunkSizes();
    LOG.info("GCS resumable put under a reset: recovered; chunk bodies received {}", chunks);
    assertThat(sessionsOpened()).as("one session: resumed, not restarted").isEqualTo(1);
    assertThat(chunks).as("the committed offset was asked for once (an empty PUT)").containsOnlyOnce(0L);
    assertThat(chunks.stream().mapToLong(Long::longValue).sum())
        .as("every byte received once: the first chunk was not sent again").isEqualTo(SIZE);
    assertThat(server.content(BUCKET, "big.bin")).as("exactly the source bytes").isEqualTo(content);
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void get_stallBeforeTheResponse_isRetried() {
    server.put(BUCKET, "small.txt", "small".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try (Storage storage = throughProxy(Schedule.on(Fault.stallAfter(0, STALL), 1), 3)) {
      assertThat(storage.get("small.txt")).map(StorageFile::size).contains(5L);
    }
    assertThat(proxy.injected(Fault.Kind.STALL)).as("the stall was injected").isEqualTo(1);
    assertThat(server.requests().stream().filter(r -> r.startsWith("GET ") && r.endsWith("/o/small.txt")).count())
        .as("the stalled lookup, then its retry").isEqualTo(2);
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void get_stallBeforeTheResponse_oneAttempt_failsAsTransient_namingTheKey() {
    server.put(BUCKET, "small.txt", "small".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    TransientException failed;
    try (Storage storage = throughProxy(Schedule.on(Fault.stallAfter(0, STALL), 1), 1)) {
      failed = org.junit.jupiter.api.Assertions.assertThrows(TransientException.class, () -> storage.get("small.txt"));
    }
    LOG.info("GCS get under a stall, one attempt: failed loudly: {}", failed.toString());
    assertThat(proxy.connections()).as("no retry with retry.max-attempts=1").isEqualTo(1);
    assertThat(failed.key()).as("the failure names the key: %s", failed).contains("small.txt");
  }
}

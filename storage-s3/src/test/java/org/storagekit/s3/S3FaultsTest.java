package org.storagekit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.RetryOptions;
import org.storagekit.Storage;
import org.storagekit.TransientException;
import org.storagekit.tck.faults.FaultProxy;
import org.storagekit.tck.faults.Fault;
import org.storagekit.tck.faults.Schedule;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Fault tests through a {@link FaultProxy} in front of S3Proxy, with the shared retry and timeout
 * settings [§14.7, §14.8]: a multipart put and a parallel-range get under one connection reset or
 * stall recover with exactly the source bytes (read back around the proxy), leaving no object, no
 * pending multipart upload and no temp file behind; a stall longer than the read timeout is retried
 * on a new connection, or without retries ends in a {@link TransientException} naming the key; a
 * response slower than the operation timeout ends the same way. Attempts are counted as the proxy's
 * connections.
 */
class S3FaultsTest {
  private static final Logger LOG = LoggerFactory.getLogger(S3FaultsTest.class);
  // three full parts: every part connection carries more than the 256 KiB a reset waits for
  private static final int SIZE = (int) (3 * S3StorageConfig.MIN_PART_SIZE);

  /** Short, so that a stalled connection fails fast; the proxy stalls far longer. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration STALL = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final S3Fixture s3 = S3Fixture.s3proxy();
  private final S3Client sdk = s3.client(); // around the proxy
  private final String prefix = "faults-" + UUID.randomUUID();
  private FaultProxy proxy;

  @AfterEach
  void cleanUp() {
    if (proxy != null) {
      LOG.info("{}: {} connection(s), faults injected {}", proxy, proxy.connections(), proxy.injected());
      proxy.close();
    }
    for (S3Object o : sdk.listObjectsV2Paginator(r -> r.bucket(S3Fixture.BUCKET).prefix(prefix + "/")).contents()) {
      sdk.deleteObject(r -> r.bucket(S3Fixture.BUCKET).key(o.key()));
    }
  }

  private Storage throughProxy(Schedule schedule) {
    return throughProxy(schedule, retries(3));
  }

  private Storage throughProxy(Schedule schedule, RetryOptions retries) {
    proxy = FaultProxy.start(s3.endpoint(), schedule, 16);
    return s3.config(prefix).endpoint(proxy.endpoint()).retries(retries).build().open();
  }

  /** {@code attempts} per request, short backoffs, the short read timeout. */
  private static RetryOptions retries(int attempts) {
    return RetryOptions.builder().maxAttempts(attempts).initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(100)).readTimeout(READ_TIMEOUT).build();
  }

  private static byte[] source() {
    byte[] b = new byte[SIZE];
    new Random(SIZE).nextBytes(b);
    return b;
  }

  @Test
  void multipartPut_resetOnOneUploadConnection_thePartIsRetried_exactBytes() throws IOException {
    byte[] content = source();
    Path file = Files.write(dir.resolve("src.bin"), content);
    try (Storage storage = throughProxy(Schedule.on(Fault.resetRequestAfter(256 * 1024), 2))) {
      storage.put("big.bin", file);
    }
    assertThat(proxy.faults()).as("the reset was injected").isEqualTo(1);
    LOG.info("S3 multipart put under a reset: recovered, {} connection(s)", proxy.connections());
    assertThat(sdk.getObjectAsBytes(r -> r.bucket(S3Fixture.BUCKET).key(prefix + "/big.bin")).asByteArray())
        .as("exactly the source bytes").isEqualTo(content);
    assertThat(sdk.listMultipartUploads(r -> r.bucket(S3Fixture.BUCKET).prefix(prefix + "/")).uploads())
        .as("no multipart upload left open").isEmpty();
  }

  @Test
  void multipartPut_createReplyLost_isRetried_andTheFirstUploadIsAborted_exactBytes() throws IOException {
    byte[] content = source();
    Path file = Files.write(dir.resolve("src.bin"), content);
    // the first connection carries CreateMultipartUpload: the server creates the upload, its reply is lost
    try (Storage storage = throughProxy(Schedule.on(Fault.resetResponseAfter(0), 1))) {
      storage.put("big.bin", file);
    }
    assertThat(proxy.faults()).as("the reset was injected").isEqualTo(1);
    assertThat(sdk.getObjectAsBytes(r -> r.bucket(S3Fixture.BUCKET).key(prefix + "/big.bin")).asByteArray())
        .as("exactly the source bytes").isEqualTo(content);
    assertThat(sdk.listMultipartUploads(r -> r.bucket(S3Fixture.BUCKET).prefix(prefix + "/")).uploads())
        .as("the upload whose reply was lost was aborted: none left open").isEmpty();
  }

  @Test
  void multipartPut_createReplyLost_oneAttempt_failsAsTransient_leavingNoUploadOpen() throws IOException {
    Path file = Files.write(dir.resolve("src.bin"), source());
    TransientException failed;
    try (Storage storage = throughProxy(Schedule.on(Fault.resetResponseAfter(0), 1), retries(1))) {
      failed = org.junit.jupiter.api.Assertions.assertThrows(TransientException.class,
          () -> storage.put("big.bin", file));
    }
    assertThat(proxy.faults()).as("the reset was injected").isEqualTo(1);
    assertThat(failed.key()).as("the failure names the key: %s", failed).contains("big.bin");
    assertThat(sdk.listMultipartUploads(r -> r.bucket(S3Fixture.BUCKET).prefix(prefix + "/")).uploads())
        .as("the upload whose reply was lost was aborted: none left open").isEmpty();
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void singleGet_stallBeforeTheResponse_isRetriedOnANewConnection_exactBytes() throws IOException {
    byte[] content = small();
    Path target = dir.resolve("out/small.bin");
    try (Storage storage = throughProxy(Schedule.on(Fault.stallAfter(0, STALL), 1))) {
      storage.getFile("small.bin", target);
    }
    assertThat(proxy.injected(Fault.Kind.STALL)).as("the stall was injected").isEqualTo(1);
    assertThat(proxy.connections()).as("one stalled attempt, then one connection for the rest").isEqualTo(2);
    assertThat(Files.readAllBytes(target)).as("exactly the source bytes").isEqualTo(content);
    assertThat(filesUnder(dir.resolve("out"))).as("no temp file left").containsExactly(target);
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void singleGet_stallBeforeTheResponse_oneAttempt_failsAsTransient_namingTheKey() throws IOException {
    small();
    Path target = dir.resolve("out/small.bin");
    TransientException failed;
    try (Storage storage = throughProxy(Schedule.on(Fault.stallAfter(0, STALL), 1), retries(1))) {
      failed = org.junit.jupiter.api.Assertions.assertThrows(TransientException.class,
          () -> storage.getFile("small.bin", target));
    }
    assertThat(proxy.connections()).as("no retry with retry.max-attempts=1").isEqualTo(1);
    assertThat(failed.key()).as("the failure names the key: %s", failed).contains("small.bin");
    assertThat(target).as("no partial local file").doesNotExist();
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void stat_responseSlowerThanTheOperationTimeout_failsAsTransient_namingTheKey() {
    small();
    // one byte every 100 ms never trips the 1 s read timeout; the 2 s deadline ends the call, retries included
    RetryOptions deadline = retries(5).toBuilder().operationTimeout(Duration.ofSeconds(2)).build();
    TransientException failed;
    try (Storage storage = throughProxy(Schedule.on(Fault.slowDrip(1, Duration.ofMillis(100)), 1), deadline)) {
      failed = org.junit.jupiter.api.Assertions.assertThrows(TransientException.class, () -> storage.get("small.bin"));
    }
    assertThat(proxy.injected(Fault.Kind.SLOW_DRIP)).as("the drip was injected").isEqualTo(1);
    assertThat(proxy.connections()).as("the deadline covers the retries: none was started").isEqualTo(1);
    assertThat(failed.key()).as("the failure names the key: %s", failed).contains("small.bin");
  }

  /** A 1 MiB object, below the multipart threshold: one GET, not resumed. */
  private byte[] small() {
    byte[] content = new byte[1024 * 1024];
    new Random(1).nextBytes(content);
    sdk.putObject(r -> r.bucket(S3Fixture.BUCKET).key(prefix + "/small.bin"), RequestBody.fromBytes(content));
    return content;
  }

  @Test
  void parallelRangeGet_resetOnOneDownloadConnection_resumesTheBrokenRange_exactBytes() throws IOException {
    byte[] content = source();
    sdk.putObject(r -> r.bucket(S3Fixture.BUCKET).key(prefix + "/big.bin"), RequestBody.fromBytes(content));
    Path target = dir.resolve("out/big.bin");
    try (Storage storage = throughProxy(Schedule.on(Fault.resetResponseAfter(256 * 1024), 2))) {
      storage.getFile("big.bin", target); // the SDK never retries a broken body; Transfers resumes it
    }
    assertThat(proxy.faults()).as("the reset was injected").isEqualTo(1);
    LOG.info("S3 parallel-range get under a reset: recovered");
    assertThat(Files.readAllBytes(target)).as("exactly the source bytes").isEqualTo(content);
    assertThat(filesUnder(dir.resolve("out"))).as("no temp file left").containsExactly(target);
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void parallelRangeGet_stallOnOneDownloadConnection_readTimesOut_theRangeIsResumed_exactBytes() throws IOException {
    byte[] content = source();
    sdk.putObject(r -> r.bucket(S3Fixture.BUCKET).key(prefix + "/big.bin"), RequestBody.fromBytes(content));
    Path target = dir.resolve("out/big.bin");
    try (Storage storage = throughProxy(Schedule.on(Fault.stallAfter(256 * 1024, STALL), 2))) {
      storage.getFile("big.bin", target);
    }
    assertThat(proxy.injected(Fault.Kind.STALL)).as("the stall was injected").isEqualTo(1);
    LOG.info("S3 parallel-range get under a stall: recovered");
    assertThat(Files.readAllBytes(target)).as("exactly the source bytes").isEqualTo(content);
    assertThat(filesUnder(dir.resolve("out"))).as("no temp file left").containsExactly(target);
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void singleGet_stallInTheBody_failsAsTransient_namingTheKey_leavingNoFile() throws IOException {
    byte[] content = new byte[1024 * 1024]; // below the multipart threshold: one GET, not resumed
    new Random(1).nextBytes(content);
    sdk.putObject(r -> r.bucket(S3Fixture.BUCKET).key(prefix + "/small.bin"), RequestBody.fromBytes(content));
    Path target = dir.resolve("out/small.bin");
    TransientException failed;
    try (Storage storage = throughProxy(Schedule.on(Fault.stallAfter(256 * 1024, STALL), 1))) {
      failed = org.junit.jupiter.api.Assertions.assertThrows(TransientException.class,
          () -> storage.getFile("small.bin", target));
    }
    assertThat(proxy.injected(Fault.Kind.STALL)).as("the stall was injected").isEqualTo(1);
    LOG.info("S3 single get under a stall: failed loudly: {}", failed.toString());
    assertThat(failed.key()).as("the failure names the key: %s", failed).contains("small.bin");
    assertThat(failed).hasMessageContaining("small.bin");
    assertThat(target).as("no partial local file").doesNotExist();
    assertThat(filesUnder(dir.resolve("out"))).as("no temp file left").isEmpty();
  }

  private static java.util.List<Path> filesUnder(Path root) throws IOException {
    if (!Files.exists(root)) {
      return java.util.List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}

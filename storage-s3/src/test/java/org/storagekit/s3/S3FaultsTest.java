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
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.TransientException;
import org.storagekit.tck.faults.FaultProxy;
import org.storagekit.tck.faults.Fault;
import org.storagekit.tck.faults.Schedule;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * First fault tests: a multipart put and a parallel-range get through a {@link FaultProxy} in front
 * of S3Proxy, with one connection reset. The put must succeed with exactly the source bytes (read
 * back around the proxy) or fail with a {@link StorageException} naming the key, leaving no object
 * and no pending multipart upload; the get must recover (its broken range is resumed) with exactly
 * the source bytes and no temp file left.
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
    proxy = FaultProxy.start(s3.endpoint(), schedule, 16);
    return s3.config(prefix).endpoint(proxy.endpoint()).maxAttempts(3).readTimeout(READ_TIMEOUT).build().open();
  }

  private static byte[] source() {
    byte[] b = new byte[SIZE];
    new Random(SIZE).nextBytes(b);
    return b;
  }

  @Test
  void multipartPut_resetOnOneUploadConnection_succeedsExactlyOrFailsNamingTheKeyLeavingNothing() throws IOException {
    byte[] content = source();
    Path file = Files.write(dir.resolve("src.bin"), content);
    StorageException failed = null;
    try (Storage storage = throughProxy(Schedule.on(Fault.resetRequestAfter(256 * 1024), 2))) {
      storage.put("big.bin", file);
    } catch (StorageException e) {
      failed = e;
    }
    assertThat(proxy.faults()).as("the reset was injected").isEqualTo(1);
    String name = prefix + "/big.bin";
    if (failed == null) {
      LOG.info("S3 multipart put under a reset: recovered");
      assertThat(sdk.getObjectAsBytes(r -> r.bucket(S3Fixture.BUCKET).key(name)).asByteArray())
          .as("exactly the source bytes").isEqualTo(content);
    } else {
      LOG.info("S3 multipart put under a reset: failed loudly: {}", failed.toString());
      assertThat(failed.key()).as("the failure names the key: %s", failed).contains("big.bin");
      assertThat(sdk.listObjectsV2(r -> r.bucket(S3Fixture.BUCKET).prefix(name)).contents())
          .as("no object after a failed put").isEmpty();
    }
    assertThat(sdk.listMultipartUploads(r -> r.bucket(S3Fixture.BUCKET).prefix(prefix + "/")).uploads())
        .as("no multipart upload left open").isEmpty();
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

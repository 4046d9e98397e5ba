package org.storagekit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.storagekit.StorageFile;
import org.storagekit.TransientException;
import org.storagekit.testing.AzuriteServer;
import org.storagekit.tck.faults.FaultProxy;
import org.storagekit.tck.faults.Fault;
import org.storagekit.tck.faults.Schedule;

/**
 * Fault tests through a {@link FaultProxy} in front of Azurite, with the shared retry and timeout
 * settings [§14.7, §14.8]. A block upload and a parallel download under one connection reset, and a
 * download under a stall longer than the read timeout, recover (the SDK retries the staged block
 * and resumes the broken range): exactly the source bytes, read back around the proxy, no
 * uncommitted block and no temp file left behind. A stall before the response is retried on a new
 * connection, or with one attempt ends in a {@link TransientException} naming the key. Attempts are
 * counted as the proxy's connections.
 */
class AzureFaultsTest {
  private static final Logger LOG = LoggerFactory.getLogger(AzureFaultsTest.class);
  private static final int MIB = 1024 * 1024;
  private static final int SIZE = 3 * MIB + 12_345;
  /** Short, so that a stalled connection fails fast; the proxy stalls far longer. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration STALL = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final String containerName = "faults-" + UUID.randomUUID().toString().substring(0, 8);
  private final BlobContainerClient container = AzuriteFixture.container(containerName); // around the proxy
  private FaultProxy proxy;

  @AfterEach
  void cleanUp() {
    if (proxy != null) {
      LOG.info("{}: {} connection(s), faults injected {}", proxy, proxy.connections(), proxy.injected());
      proxy.close();
    }
    container.delete();
  }

  private Storage throughProxy(Schedule schedule) {
    return throughProxy(schedule, 3);
  }

  private Storage throughProxy(Schedule schedule, int attempts) {
    AzuriteServer azurite = AzuriteServer.shared();
    proxy = FaultProxy.start("127.0.0.1", azurite.port(), schedule, 16);
    String connection = "DefaultEndpointsProtocol=http;AccountName=" + AzuriteServer.ACCOUNT + ";AccountKey="
        + AzuriteServer.KEY + ";BlobEndpoint=" + proxy.endpoint() + "/" + AzuriteServer.ACCOUNT + ";";
    return AzureStorageConfig.builder(containerName).connectionString(connection)
        .blockSize(MIB).maxSingleUploadSize(MIB).maxConcurrency(2)
        .retries(RetryOptions.builder().maxAttempts(attempts).initialBackoff(Duration.ofMillis(50))
            .maxBackoff(Duration.ofMillis(200)).readTimeout(READ_TIMEOUT).build())
        .build().open();
  }

  private static byte[] source() {
    byte[] b = new byte[SIZE];
    new Random(SIZE).nextBytes(b);
    return b;
  }

  @Test
  void blockUpload_resetOnOneConnection_recovers_exactBytes_noUncommittedBlockLeft() throws IOException {
    byte[] content = source();
    Path file = Files.write(dir.resolve("src.bin"), content);
    try (Storage storage = throughProxy(Schedule.on(Fault.resetRequestAfter(256 * 1024), 2))) {
      storage.put("big.bin", file); // the SDK retries the staged block whose request was reset
    }
    assertThat(proxy.faults()).as("the reset was injected").isEqualTo(1);
    LOG.info("Azure block upload under a reset: recovered");
    BlockBlobClient blob = container.getBlobClient("big.bin").getBlockBlobClient();
    assertThat(blob.downloadContent().toBytes()).as("exactly the source bytes").isEqualTo(content);
    BlockList blocks = blob.listBlocks(BlockListType.ALL);
    assertThat(blocks.getCommittedBlocks()).as("one committed block per MiB").hasSize((SIZE + MIB - 1) / MIB);
    assertThat(blocks.getUncommittedBlocks()).as("no uncommitted block left behind").isEmpty();
  }

  @Test
  void blockUpload_replyCutShortOnOneConnection_isRetried_exactBytes_noUncommittedBlockLeft() throws IOException {
    byte[] content = source();
    Path file = Files.write(dir.resolve("src.bin"), content);
    // the reply to a staged block is closed within its headers: Netty's PrematureChannelClosureException
    try (Storage storage = throughProxy(Schedule.on(Fault.truncateResponseAfter(20), 2))) {
      storage.put("big.bin", file);
    }
    assertThat(proxy.injected(Fault.Kind.TRUNCATE_RESPONSE)).as("the reply was cut short").isEqualTo(1);
    BlockBlobClient blob = container.getBlobClient("big.bin").getBlockBlobClient();
    assertThat(blob.downloadContent().toBytes()).as("exactly the source bytes").isEqualTo(content);
    assertThat(blob.listBlocks(BlockListType.ALL).getUncommittedBlocks()).as("no uncommitted block left behind")
        .isEmpty();
  }

  @Test
  void put_replyCutShort_oneAttempt_failsAsTransient_namingTheKey() throws IOException {
    Path file = Files.write(dir.resolve("src.txt"), "small".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    TransientException failed;
    try (Storage storage = throughProxy(Schedule.on(Fault.truncateResponseAfter(20), 1), 1)) {
      failed = org.junit.jupiter.api.Assertions.assertThrows(TransientException.class,
          () -> storage.put("small.txt", file));
    }
    assertThat(proxy.injected(Fault.Kind.TRUNCATE_RESPONSE)).as("the reply was cut short").isEqualTo(1);
    assertThat(proxy.connections()).as("no retry with retry.max-attempts=1").isEqualTo(1);
    assertThat(failed.key()).as("the failure names the key: %s", failed).contains("small.txt");
  }

  @Test
  void parallelDownload_resetOnOneConnection_recovers_exactBytes_noTempFile() throws IOException {
    byte[] content = source();
    container.getBlobClient("big.bin").upload(com.azure.core.util.BinaryData.fromBytes(content));
    Path target = dir.resolve("out/big.bin");
    try (Storage storage = throughProxy(Schedule.on(Fault.resetResponseAfter(256 * 1024), 2))) {
      storage.getFile("big.bin", target); // the SDK's DownloadRetryOptions resume the broken range, pinned
    }
    assertThat(proxy.faults()).as("the reset was injected").isEqualTo(1);
    LOG.info("Azure parallel download under a reset: recovered");
    assertThat(Files.readAllBytes(target)).as("exactly the source bytes").isEqualTo(content);
    assertThat(filesUnder(dir.resolve("out"))).as("no temp file left").containsExactly(target);
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void parallelDownload_stallInOneRange_readTimesOut_theRangeIsResumed_exactBytes() throws IOException {
    byte[] content = source();
    container.getBlobClient("big.bin").upload(com.azure.core.util.BinaryData.fromBytes(content));
    Path target = dir.resolve("out/big.bin");
    try (Storage storage = throughProxy(Schedule.on(Fault.stallAfter(256 * 1024, STALL), 2))) {
      storage.getFile("big.bin", target);
    }
    assertThat(proxy.injected(Fault.Kind.STALL)).as("the stall was injected").isEqualTo(1);
    LOG.info("Azure parallel download under a stall: recovered, {} connection(s)", proxy.connections());
    assertThat(Files.readAllBytes(target)).as("exactly the source bytes").isEqualTo(content);
    assertThat(filesUnder(dir.resolve("out"))).as("no temp file left").containsExactly(target);
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void get_stallBeforeTheResponse_isRetriedOnANewConnection() {
    container.getBlobClient("small.txt").upload(com.azure.core.util.BinaryData.fromString("small"));
    try (Storage storage = throughProxy(Schedule.on(Fault.stallAfter(0, STALL), 1))) {
      assertThat(storage.get("small.txt")).map(StorageFile::size).contains(5L);
    }
    assertThat(proxy.injected(Fault.Kind.STALL)).as("the stall was injected").isEqualTo(1);
    assertThat(proxy.connections()).as("one stalled attempt, then one connection for the retry").isEqualTo(2);
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void get_stallBeforeTheResponse_oneAttempt_failsAsTransient_namingTheKey() {
    container.getBlobClient("small.txt").upload(com.azure.core.util.BinaryData.fromString("small"));
    TransientException failed;
    try (Storage storage = throughProxy(Schedule.on(Fault.stallAfter(0, STALL), 1), 1)) {
      failed = org.junit.jupiter.api.Assertions.assertThrows(TransientException.class, () -> storage.get("small.txt"));
    }
    LOG.info("Azure get under a stall, one attempt: failed loudly: {}", failed.toString());
    assertThat(proxy.connections()).as("no retry with retry.max-attempts=1").isEqualTo(1);
    assertThat(failed.key()).as("the failure names the key: %s", failed).contains("small.txt");
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}

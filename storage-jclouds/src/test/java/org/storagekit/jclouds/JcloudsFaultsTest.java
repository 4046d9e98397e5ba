package org.storagekit.jclouds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.storagekit.RetryOptions;
import org.storagekit.Storage;
import org.storagekit.Storages;
import org.storagekit.TransientException;
import org.storagekit.tck.faults.Fault;
import org.storagekit.tck.faults.FaultProxy;
import org.storagekit.testing.S3ProxyServer;
import org.storagekit.tck.faults.Schedule;

/**
 * Fault tests of the jclouds {@code s3} API through a {@link FaultProxy} in front of an S3Proxy of
 * their own, with the shared retry and timeout settings given as properties [§14.7, §14.8]: a stall
 * longer than {@code timeout.read} is retried on a new connection and the download has exactly the
 * source bytes, or with {@code retry.max-attempts=1} ends in a {@link TransientException} naming the
 * key. jclouds keeps one connection alive for every request, so the stall is placed after the bytes
 * of a warm-up (the container check and a lookup), measured on a clean run of the same requests.
 */
class JcloudsFaultsTest {
  private static final Logger LOG = LoggerFactory.getLogger(JcloudsFaultsTest.class);
  private static final String CONTAINER = "faults";
  private static final S3ProxyServer SERVER = S3ProxyServer.start();
  private static final java.time.Duration STALL = java.time.Duration.ofSeconds(60);

  @TempDir Path dir;

  private FaultProxy proxy;

  static {
    SERVER.createBucket(CONTAINER);
  }

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  @AfterEach
  void cleanUp() {
    if (proxy != null) {
      LOG.info("{}: {} connection(s), faults injected {}", proxy, proxy.connections(), proxy.injected());
      proxy.close();
    }
  }

  private Storage throughProxy(Schedule schedule, int attempts) {
    proxy = FaultProxy.start(SERVER.endpoint(), schedule, 16);
    Map<String, String> p = new HashMap<>(Map.of("endpoint", proxy.endpoint().toString(),
        "identity", S3ProxyServer.ACCESS_KEY, "credential", S3ProxyServer.SECRET_KEY,
        "jclouds.s3.virtual-host-buckets", "false"));
    p.put(RetryOptions.MAX_ATTEMPTS, Integer.toString(attempts));
    p.put(RetryOptions.INITIAL_BACKOFF, "10ms");
    p.put(RetryOptions.MAX_BACKOFF, "100ms");
    p.put(RetryOptions.READ_TIMEOUT, "1s");
    return Storages.open(URI.create("jclouds://s3/" + CONTAINER + "/"), p);
  }

  /** The container check and a lookup of a missing key: the same bytes on every run. */
  private static void warmUp(Storage storage) {
    assertThat(storage.contains("absent.txt")).isFalse();
  }

  /** The response bytes of {@link #warmUp}, on a run without faults. */
  private long warmUpBytes() {
    try (Storage storage = throughProxy(Schedule.none(), 1)) {
      warmUp(storage);
    }
    long bytes = proxy.bytesDown();
    proxy.close();
    proxy = null;
    return bytes;
  }

  private static byte[] stored(String key) {
    byte[] content = new byte[256 * 1024];
    new Random(7).nextBytes(content);
    SERVER.writeDirect(CONTAINER, key, content);
    return content;
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void getFile_stallBeforeTheResponse_isRetriedOnANewConnection_exactBytes() throws IOException {
    byte[] content = stored("stalled.bin");
    long warm = warmUpBytes();
    Path target = dir.resolve("stalled.bin");
    try (Storage storage = throughProxy(Schedule.on(Fault.stallAfter(warm, STALL), 1), 3)) {
      warmUp(storage);
      storage.getFile("stalled.bin", target);
    }
    assertThat(proxy.injected(Fault.Kind.STALL)).as("the stall was injected").isEqualTo(1);
    assertThat(proxy.connections()).as("the stalled connection, then one for the retry").isEqualTo(2);
    assertThat(Files.readAllBytes(target)).as("exactly the source bytes").isEqualTo(content);
  }

  @Test
  @Timeout(120) // a guard against a hang, not a measurement
  void getFile_stallBeforeTheResponse_oneAttempt_failsAsTransient_namingTheKey() {
    stored("stalled.bin");
    long warm = warmUpBytes();
    Path target = dir.resolve("stalled.bin");
    TransientException failed;
    try (Storage storage = throughProxy(Schedule.on(Fault.stallAfter(warm, STALL), 1), 1)) {
      warmUp(storage);
      failed = org.junit.jupiter.api.Assertions.assertThrows(TransientException.class,
          () -> storage.getFile("stalled.bin", target));
    }
    LOG.info("jclouds get under a stall, one attempt: failed loudly: {}", failed.toString());
    assertThat(proxy.connections()).as("no retry with retry.max-attempts=1").isEqualTo(1);
    assertThat(failed.key()).as("the failure names the key: %s", failed).contains("stalled.bin");
    assertThat(target).as("no partial local file").doesNotExist();
  }
}

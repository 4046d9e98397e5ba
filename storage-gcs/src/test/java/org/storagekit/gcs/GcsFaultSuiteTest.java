package org.storagekit.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.BlobWriteSessionConfigs;
import com.google.cloud.storage.StorageOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.tck.FaultFixture;
import org.storagekit.tck.FaultSuite;
import org.storagekit.tck.faults.Fault;

/**
 * The fault suite against {@link FakeGcs}'s JSON API server, through the fault proxy: 256 KiB
 * chunks, and a client built here with a one-second read timeout and three attempts (the config has
 * no timeout setting yet), handed to the storage.
 */
class GcsFaultSuiteTest extends FaultSuite implements FaultFixture {
  private static final FakeGcs GCS = FakeGcs.shared();
  private static final int CHUNK = GcsStorageConfig.MIN_CHUNK_SIZE;

  @Override
  protected FaultFixture fixture() {
    return this;
  }

  @Override
  public String name() {
    return "gcs-fake-gcs-server";
  }

  @Override
  public InetSocketAddress server() {
    URI endpoint = URI.create(GCS.server.endpoint());
    return new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
  }

  @Override
  public Storage openThrough(URI endpoint, String prefix) {
    com.google.cloud.storage.Storage client = StorageOptions.http().setHost(endpoint.toString())
        .setProjectId(FakeGcs.PROJECT).setCredentials(NoCredentials.getInstance())
        .setTransportOptions(HttpTransportOptions.newBuilder().setConnectTimeout(1000).setReadTimeout(1000).build())
        .setRetrySettings(StorageOptions.getDefaultRetrySettings().toBuilder().setMaxAttempts(3).build())
        .setBlobWriteSessionConfig(BlobWriteSessionConfigs.getDefault().withChunkSize(CHUNK))
        .build().getService();
    return GcsStorageConfig.builder(FakeGcs.BUCKET).prefix(prefix).client(client).chunkSize(CHUNK).pageSize(50)
        .build().open();
  }

  @Override
  public Storage openDirect(String prefix) {
    return GcsStorageConfig.builder(FakeGcs.BUCKET).prefix(prefix).host(GCS.server.endpoint()).noCredentials()
        .project(FakeGcs.PROJECT).chunkSize(CHUNK).build().open();
  }

  @Override
  public List<String> openUploads(String prefix) {
    return GCS.server.openSessions(FakeGcs.BUCKET, prefix + "/");
  }

  @Override
  public Set<Capability> declaredCapabilities() {
    return new GcsStorageProvider().capabilities();
  }

  @Override
  public Fault.Kind throttling() {
    return Fault.Kind.GCS_TOO_MANY_REQUESTS;
  }

  /**
   * Found by this suite: an upload whose response is lost (reset, stall, body cut short) is not
   * retried by the client ("Unretryable, attempts 1/3": writes without a generation precondition are
   * not idempotent to its default retry strategy) and fails as a plain StorageException — a
   * NullPointerException, "no JSON input found", or, when opening a resumable session, a
   * MalformedURLException for the missing Location — rather than a TransientException; the session
   * opened stays open. Reproduce: {@code -Dtest=GcsFaultSuiteTest#spec22_1_put*}.
   */
  @Override
  public Optional<String> knownIssue(String operation, Fault.Kind kind) {
    boolean lostResponse = kind == Fault.Kind.RESET_RESPONSE || kind == Fault.Kind.STALL
        || kind == Fault.Kind.TRUNCATE_RESPONSE;
    boolean upload = operation.startsWith("put") || operation.startsWith("add");
    return lostResponse && upload
        ? Optional.of("a lost upload response is not retried and not transient; a resumable session stays open")
        : Optional.empty();
  }

  @Override
  public long largeFileSize() {
    return 4L * CHUNK + 12_345; // five chunks of a resumable upload
  }

  @Override
  public int pagedListingKeys() {
    return 120;
  }
}

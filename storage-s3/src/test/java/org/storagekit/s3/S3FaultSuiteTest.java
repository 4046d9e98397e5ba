package org.storagekit.s3;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.storagekit.Capability;
import org.storagekit.RetryOptions;
import org.storagekit.Storage;
import org.storagekit.tck.FaultFixture;
import org.storagekit.tck.FaultSuite;
import org.storagekit.tck.faults.Fault;

/** The fault suite against S3Proxy, embedded on loopback, through the fault proxy. */
class S3FaultSuiteTest extends FaultSuite implements FaultFixture {
  /** Short, so that a stall fails fast; the proxy stalls far longer. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  S3Fixture s3() {
    return S3Fixture.s3proxy();
  }

  @Override
  protected FaultFixture fixture() {
    return this;
  }

  @Override
  public String name() {
    return "s3-s3proxy";
  }

  @Override
  public InetSocketAddress server() {
    return new InetSocketAddress(s3().endpoint().getHost(), s3().endpoint().getPort());
  }

  @Override
  public Storage openThrough(URI endpoint, String prefix) {
    return s3().config(prefix).endpoint(endpoint).listPageSize(50)
        .retries(RetryOptions.builder().maxAttempts(3).readTimeout(READ_TIMEOUT).build())
        .build().open();
  }

  @Override
  public Storage openDirect(String prefix) {
    return s3().config(prefix).build().open();
  }

  @Override
  public List<String> openUploads(String prefix) {
    return s3().client().listMultipartUploadsPaginator(r -> r.bucket(S3Fixture.BUCKET).prefix(prefix + "/"))
        .uploads().stream().map(u -> u.key() + " (upload " + u.uploadId() + ")").collect(Collectors.toList());
  }

  @Override
  public Set<Capability> declaredCapabilities() {
    return new S3StorageProvider().capabilities();
  }

  @Override
  public Fault.Kind throttling() {
    return Fault.Kind.S3_SLOW_DOWN;
  }

  @Override
  public long largeFileSize() {
    return 2 * S3StorageConfig.MIN_PART_SIZE + 1; // three parts, read in three ranges
  }

  @Override
  public int pagedListingKeys() {
    return 120; // three pages of 50
  }
}

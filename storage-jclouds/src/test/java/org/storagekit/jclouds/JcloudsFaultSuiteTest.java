package org.storagekit.jclouds;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.Storages;
import org.storagekit.tck.FaultFixture;
import org.storagekit.tck.FaultSuite;
import org.storagekit.tck.faults.Fault;

/**
 * The fault suite against the jclouds {@code s3} API talking to S3Proxy through the fault proxy,
 * with jclouds' own socket timeout (one second) and retries (three).
 */
class JcloudsFaultSuiteTest extends FaultSuite implements FaultFixture {
  private static final JcloudsFixture.S3ProxyTarget TARGET = new JcloudsFixture.S3ProxyTarget();

  @Override
  protected FaultFixture fixture() {
    return this;
  }

  @Override
  public String name() {
    return "jclouds-s3-s3proxy";
  }

  @Override
  public InetSocketAddress server() {
    URI endpoint = URI.create(TARGET.endpoint());
    return new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
  }

  private static Storage open(String endpoint, String prefix, boolean faulted) {
    Map<String, String> properties = new HashMap<>(TARGET.properties());
    properties.put("endpoint", endpoint);
    if (faulted) {
      properties.put("jclouds.so-timeout", "1000");
      properties.put("jclouds.connection-timeout", "1000");
      properties.put("jclouds.max-retries", "3");
    }
    return Storages.open(URI.create("jclouds://s3/" + JcloudsFixture.CONTAINER + "/" + prefix), properties);
  }

  @Override
  public Storage openThrough(URI endpoint, String prefix) {
    return open(endpoint.toString(), prefix, true);
  }

  @Override
  public Storage openDirect(String prefix) {
    return open(TARGET.endpoint(), prefix, false);
  }

  @Override
  public List<String> openUploads(String prefix) {
    return TARGET.rawStore().listMultipartUploads(JcloudsFixture.CONTAINER).stream()
        .filter(u -> u.blobName().startsWith(prefix + "/"))
        .map(u -> u.blobName() + " (upload " + u.id() + ")").collect(Collectors.toList());
  }

  @Override
  public Set<Capability> declaredCapabilities() {
    return TARGET.capabilities();
  }

  @Override
  public Fault.Kind throttling() {
    return Fault.Kind.S3_SLOW_DOWN;
  }

  @Override
  public long largeFileSize() {
    return JcloudsUploads.MULTIPART_THRESHOLD + 1; // multipart
  }

  @Override
  public int pagedListingKeys() {
    return 1100; // above one page of 1,000
  }
}

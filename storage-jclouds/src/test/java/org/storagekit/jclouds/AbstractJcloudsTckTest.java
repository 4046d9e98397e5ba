package org.storagekit.jclouds;

import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.tck.StorageTck;
import org.storagekit.tck.TckFixture;

/**
 * The TCK against one jclouds target, started once for the class (one test instance for the class,
 * so every section shares it) and closed after; a subclass names the target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractJcloudsTckTest extends StorageTck implements TckFixture {
  private JcloudsFixture target;

  /** Starts the target this class runs the TCK against. */
  abstract JcloudsFixture startTarget();

  @BeforeAll
  void start() {
    target = startTarget();
  }

  @AfterAll
  void stop() {
    target.close();
  }

  @Override
  protected TckFixture fixture() {
    return this;
  }

  @Override
  public Storage openStorage(String prefix) {
    return target.open(prefix);
  }

  @Override
  public Set<Capability> declaredCapabilities() {
    return target.capabilities();
  }

  @Override
  public void writeRawKey(String prefix, String rawKey, byte[] content) {
    target.writeRawKey(prefix, rawKey, content);
  }

  @Override
  public void deleteRawKey(String prefix, String rawKey) {
    target.deleteRawKey(prefix, rawKey);
  }

  @Override
  public Storage openMissingBucket() {
    return target.openMissing();
  }
}

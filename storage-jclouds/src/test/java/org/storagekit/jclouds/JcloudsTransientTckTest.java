package org.storagekit.jclouds;

import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.tck.StorageTck;
import org.storagekit.tck.TckFixture;

/** The TCK against jclouds {@code transient}, its in-memory reference store. */
class JcloudsTransientTckTest extends StorageTck implements TckFixture {
  private static JcloudsFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new JcloudsFixture.Transient();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Override
  protected TckFixture fixture() {
    return this;
  }

  @Override
  public Storage openStorage(String prefix) {
    return fixture.open(prefix);
  }

  @Override
  public Set<Capability> declaredCapabilities() {
    return fixture.capabilities();
  }

  @Override
  public void writeRawKey(String prefix, String rawKey, byte[] content) {
    fixture.writeRawKey(prefix, rawKey, content);
  }

  @Override
  public void deleteRawKey(String prefix, String rawKey) {
    fixture.deleteRawKey(prefix, rawKey);
  }
}

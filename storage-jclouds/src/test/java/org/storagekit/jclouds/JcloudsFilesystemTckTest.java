package org.storagekit.jclouds;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.tck.StorageTck;
import org.storagekit.tck.TckFixture;

/** The TCK against jclouds {@code filesystem} in a temporary folder. */
class JcloudsFilesystemTckTest extends StorageTck implements TckFixture {
  @TempDir
  static Path basedir;

  private static JcloudsFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new JcloudsFixture.Filesystem(basedir);
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

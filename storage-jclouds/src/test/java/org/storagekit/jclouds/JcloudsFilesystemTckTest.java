package org.storagekit.jclouds;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The TCK against jclouds {@code filesystem} in a temporary folder. */
class JcloudsFilesystemTckTest extends AbstractJcloudsTckTest {
  @TempDir
  static Path basedir;

  @Override
  JcloudsFixture startTarget() {
    return new JcloudsFixture.Filesystem(basedir);
  }
}

package org.storagekit.jclouds;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.Storages;
import org.storagekit.testing.S3ProxyServer;

/**
 * One jclouds test target: opens storages under a prefix of a test container and writes raw
 * objects directly through jclouds, bypassing StorageKit's key checks.
 */
abstract class JcloudsFixture implements AutoCloseable {
  static final String CONTAINER = "storagekit-tck";

  /** Opens a storage under {@code prefix} of the test container. */
  abstract Storage open(String prefix);

  /** The capabilities a storage of this target must declare. */
  abstract Set<Capability> capabilities();

  /** A storage on a container that does not exist, with "create a missing container" off. */
  abstract Storage openMissing();

  /** The blobstore that holds the test container, used directly. */
  abstract BlobStore rawStore();

  /**
   * Writes {@code rawKey} below {@code prefix} directly through jclouds.
   *
   * @throws UnsupportedOperationException if the store cannot hold such a key
   */
  void writeRawKey(String prefix, String rawKey, byte[] content) {
    String name = prefix.isEmpty() ? rawKey : prefix + "/" + rawKey;
    BlobStore store = rawStore();
    try {
      store.putBlob(CONTAINER, store.blobBuilder(name).payload(content).contentLength(content.length).build());
    } catch (IllegalArgumentException e) {
      throw new UnsupportedOperationException("this store refuses the raw key '" + rawKey + "': " + e.getMessage(), e);
    }
  }

  /** Removes an object written by {@link #writeRawKey}. */
  void deleteRawKey(String prefix, String rawKey) {
    rawStore().removeBlob(CONTAINER, prefix.isEmpty() ? rawKey : prefix + "/" + rawKey);
  }

  @Override
  public abstract void close();

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static BlobStoreContext context(String provider) {
    return ContextBuilder.newBuilder(provider)
        .credentials("identity", "credential")
        .modules(Set.of(new SLF4JLoggingModule()))
        .buildView(BlobStoreContext.class);
  }

  /** jclouds {@code transient}: one in-memory store shared by every storage the fixture opens. */
  static final class Transient extends JcloudsFixture {
    private final BlobStoreContext context = context("transient");

    Transient() {
      context.getBlobStore().createContainerInLocation(null, CONTAINER);
    }

    @Override
    Storage open(String prefix) {
      return JcloudsStorageConfig.builder("transient", CONTAINER).prefix(prefix).context(context).build().open();
    }

    @Override
    Set<Capability> capabilities() {
      return EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.ETAG,
          Capability.METADATA);
    }

    @Override
    Storage openMissing() {
      return JcloudsStorageConfig.builder("transient", "no-such-container").context(context).createContainer(false)
          .build().open();
    }

    @Override
    BlobStore rawStore() {
      return context.getBlobStore();
    }

    @Override
    public void close() {
      context.close();
    }
  }

  /** jclouds {@code filesystem} in a folder; every storage builds its own context on it. */
  static final class Filesystem extends JcloudsFixture {
    private final Path basedir;
    private BlobStoreContext raw;

    Filesystem(Path basedir) {
      this.basedir = basedir;
    }

    @Override
    Storage open(String prefix) {
      return JcloudsStorageConfig.builder("filesystem", CONTAINER).prefix(prefix).baseDirectory(basedir).build().open();
    }

    @Override
    Set<Capability> capabilities() {
      return EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.ETAG,
          Capability.METADATA);
    }

    @Override
    Storage openMissing() {
      return JcloudsStorageConfig.builder("filesystem", "no-such-container").baseDirectory(basedir)
          .createContainer(false).build().open();
    }

    @Override
    synchronized BlobStore rawStore() {
      if (raw == null) {
        raw = ContextBuilder.newBuilder("filesystem")
            .overrides(props("jclouds.filesystem.basedir", basedir.toString()))
            .modules(Set.of(new SLF4JLoggingModule()))
            .buildView(BlobStoreContext.class);
        raw.getBlobStore().createContainerInLocation(null, CONTAINER);
      }
      return raw.getBlobStore();
    }

    Path basedir() {
      return basedir;
    }

    /** Folders on disk cannot hold an empty path segment: "p//etc/x" would come back as "p/etc/x". */
    @Override
    void writeRawKey(String prefix, String rawKey, byte[] content) {
      if (rawKey.startsWith("/") || rawKey.contains("//")) {
        throw new UnsupportedOperationException("a folder tree cannot hold the empty segment in '" + rawKey + "'");
      }
      super.writeRawKey(prefix, rawKey, content);
    }

    /** A marker "dir/" is the folder itself: it goes with its last file, and jclouds retries deleting a full one. */
    @Override
    void deleteRawKey(String prefix, String rawKey) {
      if (!rawKey.endsWith("/")) {
        super.deleteRawKey(prefix, rawKey);
      }
    }

    @Override
    public synchronized void close() {
      if (raw != null) {
        raw.close();
      }
    }
  }

  /**
   * The generic jclouds {@code s3} API against an {@link S3ProxyServer} of its own (embedded on
   * loopback over an in-memory store: it holds any raw key and keeps multipart ETags); storages are
   * opened through {@link Storages} and the URI.
   */
  static final class S3ProxyTarget extends JcloudsFixture {
    static final String IDENTITY = S3ProxyServer.ACCESS_KEY;
    static final String CREDENTIAL = S3ProxyServer.SECRET_KEY;

    private final S3ProxyServer server = S3ProxyServer.start();

    S3ProxyTarget() {
      server.createBucket(CONTAINER);
    }

    String endpoint() {
      return server.endpoint().toString();
    }

    Map<String, String> properties() {
      return Map.of("endpoint", endpoint(), "identity", IDENTITY, "credential", CREDENTIAL,
          "jclouds.s3.virtual-host-buckets", "false");
    }

    @Override
    Storage open(String prefix) {
      return Storages.open(java.net.URI.create("jclouds://s3/" + CONTAINER + "/" + prefix), properties());
    }

    @Override
    Set<Capability> capabilities() {
      EnumSet<Capability> all = EnumSet.allOf(Capability.class);
      all.remove(Capability.CONDITIONAL_WRITE); // jclouds' portable API has no conditional put
      return all;
    }

    @Override
    Storage openMissing() {
      Map<String, String> properties = new java.util.HashMap<>(properties());
      properties.put("create", "false");
      return Storages.open(java.net.URI.create("jclouds://s3/no-such-container/"), properties);
    }

    @Override
    BlobStore rawStore() {
      return server.blobStore();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  static java.util.Properties props(String key, String value) {
    java.util.Properties p = new java.util.Properties();
    p.setProperty(key, value);
    return p;
  }
}

package org.storagekit.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.storagekit.Storage;
import org.storagekit.StorageConfig;
import org.storagekit.StorageOptions;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;

/**
 * Configuration of a local-disk storage: the root folder that plays the bucket, whether to create
 * it, and the shared {@link StorageOptions}. Immutable; build with {@link #builder(Path)}.
 *
 * @param root the root folder
 * @param createRoot whether {@link #open()} creates a missing root
 * @param options the shared options
 */
public record LocalStorageConfig(Path root, boolean createRoot, StorageOptions options) implements StorageConfig {

  /** Validates the configuration. */
  public LocalStorageConfig {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(options, "options");
  }

  /** A builder for the storage rooted at {@code root}. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /**
   * Opens the storage. The root is resolved to its real path, which names the storage.
   *
   * @throws IllegalArgumentException if the root is missing (and may not be created) or is not a
   *     directory
   * @throws UncheckedIOException if the root cannot be created or resolved
   */
  @Override
  public Storage open() {
    Path absolute = root.toAbsolutePath().normalize();
    try {
      if (!Files.exists(absolute)) {
        if (!createRoot) {
          throw new IllegalArgumentException("local storage root does not exist: " + absolute);
        }
        Files.createDirectories(absolute);
      }
      if (!Files.isDirectory(absolute)) {
        throw new IllegalArgumentException("local storage root is not a directory: " + absolute);
      }
      Path real = absolute.toRealPath();
      StorageContext context = StorageContext.of(real.toUri(), "", options);
      return StorageEngine.open(context, new LocalBackend(context, real));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open local storage root " + absolute, e);
    }
  }

  /** Builds {@link LocalStorageConfig}. */
  public static final class Builder {
    private final Path root;
    private boolean createRoot = true;
    private StorageOptions options = StorageOptions.defaults();

    private Builder(Path root) {
      this.root = Objects.requireNonNull(root, "root");
    }

    /** Whether to create a missing root folder (default true). */
    public Builder createRoot(boolean create) {
      this.createRoot = create;
      return this;
    }

    /** The shared options (default {@link StorageOptions#defaults()}). */
    public Builder options(StorageOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Builds the configuration. */
    public LocalStorageConfig build() {
      return new LocalStorageConfig(root, createRoot, options);
    }
  }
}

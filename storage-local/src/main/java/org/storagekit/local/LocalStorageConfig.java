package org.storagekit.local;

import org.storagekit.StorageConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.storagekit.Storage;
import org.storagekit.StorageOptions;

/**
 * Configuration of a local-disk storage: the root folder that plays the bucket, whether to create
 * it, and the shared {@link StorageOptions}. Immutable.
 */
public final class LocalStorageConfig implements StorageConfig {
  private final Path root;
  private final boolean createRoot;
  private final StorageOptions options;

  private LocalStorageConfig(Builder b) {
    this.root = b.root;
    this.createRoot = b.createRoot;
    this.options = b.options;
  }

  /** A builder for the storage rooted at {@code root}. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** The root folder. */
  public Path root() {
    return root;
  }

  /** Whether {@link #open()} creates a missing root. */
  public boolean createRoot() {
    return createRoot;
  }

  /** The shared options. */
  public StorageOptions options() {
    return options;
  }

  /**
   * Opens the storage.
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
      URI uri = real.toUri();
      return new LocalStorage(real, uri, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open local storage root " + absolute, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LocalStorageConfig
        && root.equals(((LocalStorageConfig) o).root)
        && createRoot == ((LocalStorageConfig) o).createRoot
        && options.equals(((LocalStorageConfig) o).options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(root, createRoot, options);
  }

  @Override
  public String toString() {
    return "LocalStorageConfig{root=" + root + ", createRoot=" + createRoot + ", " + options + "}";
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
      return new LocalStorageConfig(this);
    }
  }
}

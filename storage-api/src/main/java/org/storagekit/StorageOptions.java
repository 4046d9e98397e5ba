package org.storagekit;

import java.util.Map;
import java.util.Objects;

/**
 * Settings every provider shares: transfer parallelism, integrity verification and the metadata
 * cache. Immutable; build with {@link #builder()}. Provider configurations embed one.
 */
public final class StorageOptions {
  /** Property naming {@link #parallelism()} in {@link #fromProperties(Map)}. */
  public static final String PARALLELISM = "parallelism";
  /** Property naming {@link #verifyChecksums()} in {@link #fromProperties(Map)}. */
  public static final String VERIFY = "verify";
  /** Property naming {@link #metadataCache()} in {@link #fromProperties(Map)}. */
  public static final String CACHE = "cache";

  private static final StorageOptions DEFAULTS = builder().build();

  private final int parallelism;
  private final boolean verifyChecksums;
  private final boolean metadataCache;
  private final int metadataCacheSize;

  private StorageOptions(Builder b) {
    this.parallelism = b.parallelism;
    this.verifyChecksums = b.verifyChecksums;
    this.metadataCache = b.metadataCache;
    this.metadataCacheSize = b.metadataCacheSize;
  }

  /** The defaults: parallelism 8, verification on, cache on with 100,000 entries. */
  public static StorageOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads {@code parallelism}, {@code verify} and {@code cache} from string properties, as given on
   * a command line or in a URI's configuration; absent keys keep their defaults.
   *
   * @throws IllegalArgumentException naming the property whose value is malformed
   */
  public static StorageOptions fromProperties(Map<String, String> properties) {
    Builder b = builder();
    String p = properties.get(PARALLELISM);
    if (p != null) {
      try {
        b.parallelism(Integer.parseInt(p.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("property '" + PARALLELISM + "' must be a number: " + p, e);
      }
    }
    String v = properties.get(VERIFY);
    if (v != null) {
      b.verifyChecksums(parseBoolean(VERIFY, v));
    }
    String c = properties.get(CACHE);
    if (c != null) {
      b.metadataCache(parseBoolean(CACHE, c));
    }
    return b.build();
  }

  private static boolean parseBoolean(String name, String value) {
    switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
        return true;
      case "false":
      case "no":
      case "off":
        return false;
      default:
        throw new IllegalArgumentException("property '" + name + "' must be true or false: " + value);
    }
  }

  /** How many transfers run at once in multi-file operations and background uploads. */
  public int parallelism() {
    return parallelism;
  }

  /** Whether transfers verify sizes and checksums. Sizes are always checked. */
  public boolean verifyChecksums() {
    return verifyChecksums;
  }

  /** Whether lookups ({@code get}, {@code contains}) may be answered from a metadata cache [§9]. */
  public boolean metadataCache() {
    return metadataCache;
  }

  /** Bound on cached entries; the cache is dropped whole when it overflows. */
  public int metadataCacheSize() {
    return metadataCacheSize;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StorageOptions)) {
      return false;
    }
    StorageOptions other = (StorageOptions) o;
    return parallelism == other.parallelism
        && verifyChecksums == other.verifyChecksums
        && metadataCache == other.metadataCache
        && metadataCacheSize == other.metadataCacheSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(parallelism, verifyChecksums, metadataCache, metadataCacheSize);
  }

  @Override
  public String toString() {
    return "StorageOptions{parallelism=" + parallelism + ", verifyChecksums=" + verifyChecksums
        + ", metadataCache=" + metadataCache + ", metadataCacheSize=" + metadataCacheSize + "}";
  }

  /** Builds {@link StorageOptions}. */
  public static final class Builder {
    private int parallelism = 8;
    private boolean verifyChecksums = true;
    private boolean metadataCache = true;
    private int metadataCacheSize = 100_000;

    private Builder() {}

    /** Concurrent transfers, 1 to 1024. */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1 || parallelism > 1024) {
        throw new IllegalArgumentException("parallelism must be 1..1024: " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /** Turns checksum verification on or off (on by default). */
    public Builder verifyChecksums(boolean verify) {
      this.verifyChecksums = verify;
      return this;
    }

    /** Turns the metadata cache on or off (on by default). */
    public Builder metadataCache(boolean enabled) {
      this.metadataCache = enabled;
      return this;
    }

    /** Bound on cached entries, at least 1. */
    public Builder metadataCacheSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("metadataCacheSize must be >= 1: " + size);
      }
      this.metadataCacheSize = size;
      return this;
    }

    /** Builds the options. */
    public StorageOptions build() {
      return new StorageOptions(this);
    }
  }
}

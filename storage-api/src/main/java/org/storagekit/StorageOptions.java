package org.storagekit;

import java.util.Map;
import org.storagekit.spi.ProviderProperties;

/**
 * Settings every provider shares: transfer parallelism, integrity verification, the metadata
 * cache, and retries and timeouts. Immutable; build with {@link #builder()}. Provider
 * configurations embed one.
 *
 * @param parallelism how many transfers run at once in multi-file operations and background uploads
 * @param verifyChecksums whether transfers verify checksums; sizes are always checked
 * @param metadataCache whether lookups ({@code get}, {@code contains}) may be answered from a
 *     metadata cache [§9]
 * @param metadataCacheSize bound on cached entries; the least recently used are dropped beyond it
 * @param retries retries and timeouts of every request, mapped by each provider onto its SDK [§14.7]
 */
public record StorageOptions(int parallelism, boolean verifyChecksums, boolean metadataCache, int metadataCacheSize,
    RetryOptions retries) {
  /** Property naming {@link #parallelism()} in {@link #fromProperties(Map)}. */
  public static final String PARALLELISM = "parallelism";
  /** Property naming {@link #verifyChecksums()} in {@link #fromProperties(Map)}. */
  public static final String VERIFY = "verify";
  /** Property naming {@link #metadataCache()} in {@link #fromProperties(Map)}. */
  public static final String CACHE = "cache";

  private static final StorageOptions DEFAULTS = builder().build();

  /** Validates the options. */
  public StorageOptions {
    if (parallelism < 1 || parallelism > 1024) {
      throw new IllegalArgumentException("parallelism must be 1..1024: " + parallelism);
    }
    if (metadataCacheSize < 1) {
      throw new IllegalArgumentException("metadataCacheSize must be >= 1: " + metadataCacheSize);
    }
    java.util.Objects.requireNonNull(retries, "retries");
  }

  /**
   * The defaults: parallelism 8, verification on, cache on with 100,000 entries, and
   * {@link RetryOptions#defaults()}.
   */
  public static StorageOptions defaults() {
    return DEFAULTS;
  }

  /** These options with {@code retries} instead of theirs. */
  public StorageOptions withRetries(RetryOptions retries) {
    return new StorageOptions(parallelism, verifyChecksums, metadataCache, metadataCacheSize, retries);
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads {@code parallelism}, {@code verify} and {@code cache}, and the {@code retry.*} and
   * {@code timeout.*} properties of {@link RetryOptions#fromProperties}, from string properties, as
   * given on a command line or in a URI's configuration; absent keys keep their defaults. Values
   * follow the rules of {@link ProviderProperties}.
   *
   * @throws IllegalArgumentException naming the property whose value is malformed
   */
  public static StorageOptions fromProperties(Map<String, String> properties) {
    ProviderProperties p = ProviderProperties.of(properties, "storagekit.", java.util.Set.of());
    Builder b = builder();
    p.integer(PARALLELISM).ifPresent(b::parallelism);
    p.bool(VERIFY).ifPresent(b::verifyChecksums);
    p.bool(CACHE).ifPresent(b::metadataCache);
    return b.retries(RetryOptions.fromProperties(properties)).build();
  }

  /** Builds {@link StorageOptions}. */
  public static final class Builder {
    private int parallelism = 8;
    private boolean verifyChecksums = true;
    private boolean metadataCache = true;
    private int metadataCacheSize = 100_000;
    private RetryOptions retries = RetryOptions.defaults();

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

    /** Retries and timeouts of every request (default {@link RetryOptions#defaults()}). */
    public Builder retries(RetryOptions retries) {
      this.retries = java.util.Objects.requireNonNull(retries, "retries");
      return this;
    }

    /** Builds the options. */
    public StorageOptions build() {
      return new StorageOptions(parallelism, verifyChecksums, metadataCache, metadataCacheSize, retries);
    }
  }
}

package org.storagekit;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a storage knows of one stored file [§2.2]: its key, size and last-modified time; where the
 * backend has them, an opaque ETag and version, the typed {@link Checksum checksums} the backend
 * vouches for [§2.8], and the content headers and user metadata it was written with [§17]. A
 * listing carries what the backend's list call returns; {@link Storage#get} carries everything.
 * Immutable; equal when all fields are equal. Build one with {@link #builder}.
 *
 * <p>Keys in listings are reported as stored, even when another tool wrote a key this library would
 * refuse to write (such as {@code ../x}) [§2.5].
 */
public final class StorageFile implements StorageEntry {
  private final String key;
  private final long size;
  private final Instant lastModified;
  private final String etag;
  private final String version;
  private final Map<Checksum.Algorithm, Checksum> checksums;
  private final String contentType;
  private final String cacheControl;
  private final String contentDisposition;
  private final String contentEncoding;
  private final Map<String, String> metadata;

  private StorageFile(Builder b) {
    Objects.requireNonNull(b.key, "key");
    if (b.key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    if (b.size < 0) {
      throw new IllegalArgumentException("size must be >= 0 for key '" + b.key + "': " + b.size);
    }
    this.key = b.key;
    this.size = b.size;
    this.lastModified = Objects.requireNonNull(b.lastModified, "lastModified of '" + b.key + "'");
    this.etag = blankToNull(b.etag);
    this.version = blankToNull(b.version);
    // listings make millions of these: files without checksums or metadata share the empty maps
    this.checksums = b.checksums.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(b.checksums));
    this.contentType = blankToNull(b.contentType);
    this.cacheControl = blankToNull(b.cacheControl);
    this.contentDisposition = blankToNull(b.contentDisposition);
    this.contentEncoding = blankToNull(b.contentEncoding);
    this.metadata = b.metadata.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(b.metadata));
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * A file description with only the basic fields.
   *
   * @param etag ETag as the backend reports it, or {@code null} if it has none
   */
  public static StorageFile of(String key, long size, Instant lastModified, String etag) {
    return builder(key).size(size).lastModified(lastModified).etag(etag).build();
  }

  /** A builder for the file stored under {@code key}; size and last-modified are required. */
  public static Builder builder(String key) {
    return new Builder(key);
  }

  /** A builder holding every field of this file. */
  public Builder toBuilder() {
    Builder b = new Builder(key).size(size).lastModified(lastModified).etag(etag).version(version)
        .contentType(contentType).cacheControl(cacheControl).contentDisposition(contentDisposition)
        .contentEncoding(contentEncoding).metadata(metadata);
    checksums.values().forEach(b::checksum);
    return b;
  }

  /** The key, relative to the storage's location. */
  @Override
  public String key() {
    return key;
  }

  /** Size in bytes. */
  public long size() {
    return size;
  }

  /** When the file was last written. */
  public Instant lastModified() {
    return lastModified;
  }

  /** The backend's ETag, opaque, if it has one; what {@link Precondition#ifMatch} compares. */
  public Optional<String> etag() {
    return Optional.ofNullable(etag);
  }

  /** The backend's version of this content (S3 version id, GCS generation, Azure version id), opaque. */
  public Optional<String> version() {
    return Optional.ofNullable(version);
  }

  /** Every checksum of the whole content that the backend vouches for, in algorithm order [§2.8]. */
  public List<Checksum> checksums() {
    return List.copyOf(checksums.values());
  }

  /** The checksum of {@code algorithm}, if the backend vouches for one. */
  public Optional<Checksum> checksum(Checksum.Algorithm algorithm) {
    return Optional.ofNullable(checksums.get(algorithm));
  }

  /** The media type, such as {@code image/png}, if known [§17.1]. */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** The {@code Cache-Control} the file is served with, if set. */
  public Optional<String> cacheControl() {
    return Optional.ofNullable(cacheControl);
  }

  /** The {@code Content-Disposition} the file is served with, if set. */
  public Optional<String> contentDisposition() {
    return Optional.ofNullable(contentDisposition);
  }

  /** The {@code Content-Encoding} the file is served with, if set (StorageKit never decodes it). */
  public Optional<String> contentEncoding() {
    return Optional.ofNullable(contentEncoding);
  }

  /** User metadata, sorted by name; empty if none or not known (listings may omit it). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The same file under another key. */
  public StorageFile withKey(String newKey) {
    return toBuilder().key(newKey).build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof StorageFile)) {
      return false;
    }
    StorageFile other = (StorageFile) o;
    return size == other.size
        && key.equals(other.key)
        && lastModified.equals(other.lastModified)
        && Objects.equals(etag, other.etag)
        && Objects.equals(version, other.version)
        && checksums.equals(other.checksums)
        && Objects.equals(contentType, other.contentType)
        && Objects.equals(cacheControl, other.cacheControl)
        && Objects.equals(contentDisposition, other.contentDisposition)
        && Objects.equals(contentEncoding, other.contentEncoding)
        && metadata.equals(other.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, size, lastModified, etag, version, checksums, contentType, metadata);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(key).append(" (").append(size).append(" bytes, ").append(lastModified);
    if (etag != null) {
      s.append(", etag ").append(etag);
    }
    if (contentType != null) {
      s.append(", ").append(contentType);
    }
    checksums.values().forEach(c -> s.append(", ").append(c));
    return s.append(')').toString();
  }

  /** Builds a {@link StorageFile}. Not thread-safe. */
  public static final class Builder {
    private String key;
    private long size = -1;
    private Instant lastModified;
    private String etag;
    private String version;
    private final Map<Checksum.Algorithm, Checksum> checksums = new EnumMap<>(Checksum.Algorithm.class);
    private String contentType;
    private String cacheControl;
    private String contentDisposition;
    private String contentEncoding;
    private final Map<String, String> metadata = new TreeMap<>();

    private Builder(String key) {
      this.key = key;
    }

    /** The key. */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /** Size in bytes (required). */
    public Builder size(long size) {
      this.size = size;
      return this;
    }

    /** Last-modified time (required). */
    public Builder lastModified(Instant lastModified) {
      this.lastModified = lastModified;
      return this;
    }

    /** The opaque ETag, or {@code null}. */
    public Builder etag(String etag) {
      this.etag = etag;
      return this;
    }

    /** The opaque version, or {@code null}. */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /** Adds a checksum the backend vouches for, replacing one of the same algorithm; {@code null} is ignored. */
    public Builder checksum(Checksum checksum) {
      if (checksum != null) {
        checksums.put(checksum.algorithm(), checksum);
      }
      return this;
    }

    /** The media type, or {@code null}. */
    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    /** The Cache-Control value, or {@code null}. */
    public Builder cacheControl(String cacheControl) {
      this.cacheControl = cacheControl;
      return this;
    }

    /** The Content-Disposition value, or {@code null}. */
    public Builder contentDisposition(String contentDisposition) {
      this.contentDisposition = contentDisposition;
      return this;
    }

    /** The Content-Encoding value, or {@code null}. */
    public Builder contentEncoding(String contentEncoding) {
      this.contentEncoding = contentEncoding;
      return this;
    }

    /** Replaces the user metadata with {@code metadata} ({@code null}: none). */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata.clear();
      if (metadata != null) {
        metadata.forEach((k, v) -> this.metadata.put(Objects.requireNonNull(k, "metadata name"),
            Objects.requireNonNull(v, "metadata value of " + k)));
      }
      return this;
    }

    /** The file description. */
    public StorageFile build() {
      return new StorageFile(this);
    }
  }
}

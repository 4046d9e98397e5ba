package org.storagekit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How a file is written [§17, §18]: its content type, content headers and user metadata, and a
 * {@link Precondition}. Every write path takes one: {@code put}, {@code addFile},
 * {@code addDirectory} and {@code copy}. Without an explicit content type, the storage guesses one
 * from the key's extension, {@code application/octet-stream} when unknown [§17.2]; on a copy, the
 * source's content type and metadata are kept unless these options set any of them [§17.4].
 *
 * <p>The limits are the same on every backend, the smallest any of them has (S3's), so a file
 * written to one can be copied to any other [§17.3]: metadata names are 1 to 64 lower-case ASCII
 * letters, digits and {@code _}, starting with a letter, and not starting with {@code storagekit};
 * values are printable ASCII; names and values together are at most 2,048 bytes. Header values are
 * printable ASCII of at most 1,024 characters. Anything else is an {@link IllegalArgumentException}
 * when the options are built. Immutable.
 */
public final class WriteOptions {
  /** Most bytes of metadata names plus values, as S3 allows for user metadata. */
  public static final int MAX_METADATA_BYTES = 2048;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]*");
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;[\\x20-\\x7e]*)?");
  private static final WriteOptions DEFAULTS = builder().build();

  private final String contentType;
  private final String cacheControl;
  private final String contentDisposition;
  private final String contentEncoding;
  private final Map<String, String> metadata;
  private final Precondition precondition;

  private WriteOptions(Builder b) {
    this.contentType = b.contentType;
    this.cacheControl = b.cacheControl;
    this.contentDisposition = b.contentDisposition;
    this.contentEncoding = b.contentEncoding;
    this.metadata = b.metadata == null ? null : Collections.unmodifiableMap(new TreeMap<>(b.metadata));
    this.precondition = b.precondition;
  }

  /** No content headers, no metadata, no precondition. */
  public static WriteOptions defaults() {
    return DEFAULTS;
  }

  /** Only a precondition. */
  public static WriteOptions of(Precondition precondition) {
    return builder().precondition(precondition).build();
  }

  /** Create-only, with nothing else set. */
  public static WriteOptions ifNotExists() {
    return of(Precondition.ifNotExists());
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.contentType = contentType;
    b.cacheControl = cacheControl;
    b.contentDisposition = contentDisposition;
    b.contentEncoding = contentEncoding;
    b.metadata = metadata == null ? null : new TreeMap<>(metadata);
    b.precondition = precondition;
    return b;
  }

  /** The explicit content type, if set. */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /** The Cache-Control value, if set. */
  public Optional<String> cacheControl() {
    return Optional.ofNullable(cacheControl);
  }

  /** The Content-Disposition value, if set. */
  public Optional<String> contentDisposition() {
    return Optional.ofNullable(contentDisposition);
  }

  /** The Content-Encoding value, if set. */
  public Optional<String> contentEncoding() {
    return Optional.ofNullable(contentEncoding);
  }

  /** The user metadata, if set (an empty map when set to none). */
  public Optional<Map<String, String>> metadata() {
    return Optional.ofNullable(metadata);
  }

  /** The precondition; {@link Precondition#none()} by default. */
  public Precondition precondition() {
    return precondition;
  }

  /**
   * Whether these options set any content header or metadata, so that a copy replaces the source's
   * instead of keeping them [§17.4].
   */
  public boolean setsContent() {
    return contentType != null || cacheControl != null || contentDisposition != null || contentEncoding != null
        || metadata != null;
  }

  /** Whether these options set nothing but (at most) a precondition. */
  public boolean isDefault() {
    return !setsContent() && precondition.isNone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof WriteOptions)) {
      return false;
    }
    WriteOptions w = (WriteOptions) o;
    return Objects.equals(contentType, w.contentType) && Objects.equals(cacheControl, w.cacheControl)
        && Objects.equals(contentDisposition, w.contentDisposition)
        && Objects.equals(contentEncoding, w.contentEncoding) && Objects.equals(metadata, w.metadata)
        && precondition.equals(w.precondition);
  }

  @Override
  public int hashCode() {
    return Objects.hash(contentType, cacheControl, contentDisposition, contentEncoding, metadata, precondition);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("WriteOptions[");
    if (contentType != null) {
      s.append("contentType=").append(contentType).append(' ');
    }
    if (metadata != null) {
      s.append("metadata=").append(metadata.keySet()).append(' ');
    }
    return s.append("precondition=").append(precondition).append(']').toString();
  }

  /** Builds {@link WriteOptions}, validating each value as it is set. Not thread-safe. */
  public static final class Builder {
    private String contentType;
    private String cacheControl;
    private String contentDisposition;
    private String contentEncoding;
    private Map<String, String> metadata;
    private Precondition precondition = Precondition.none();

    private Builder() {}

    /** The media type, such as {@code image/png} or {@code text/html; charset=utf-8}. */
    public Builder contentType(String contentType) {
      if (contentType != null && !MEDIA_TYPE.matcher(contentType).matches()) {
        throw new IllegalArgumentException("not a media type (type/subtype): '" + contentType + "'");
      }
      this.contentType = header("contentType", contentType);
      return this;
    }

    /** The Cache-Control value, such as {@code max-age=3600}. */
    public Builder cacheControl(String value) {
      this.cacheControl = header("cacheControl", value);
      return this;
    }

    /** The Content-Disposition value, such as {@code attachment; filename="a.pdf"}. */
    public Builder contentDisposition(String value) {
      this.contentDisposition = header("contentDisposition", value);
      return this;
    }

    /** The Content-Encoding value, such as {@code gzip}: the bytes are stored as given. */
    public Builder contentEncoding(String value) {
      this.contentEncoding = header("contentEncoding", value);
      return this;
    }

    /** Adds one metadata entry. */
    public Builder metadata(String name, String value) {
      Map<String, String> next = metadata == null ? new TreeMap<>() : new TreeMap<>(metadata);
      next.put(name, value);
      return metadata(next);
    }

    /** Replaces all metadata ({@code null}: not set; empty: set to none). */
    public Builder metadata(Map<String, String> metadata) {
      if (metadata != null) {
        int bytes = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
          String name = Objects.requireNonNull(e.getKey(), "metadata name");
          String value = Objects.requireNonNull(e.getValue(), "metadata value of '" + name + "'");
          if (!NAME.matcher(name).matches() || name.startsWith("storagekit")) {
            throw new IllegalArgumentException("invalid metadata name '" + name + "': use 1 to 64 lower-case"
                + " ASCII letters, digits and '_', starting with a letter and not with 'storagekit'");
          }
          if (!PRINTABLE.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid value of metadata '" + name + "': only printable ASCII");
          }
          bytes += name.length() + value.getBytes(StandardCharsets.US_ASCII).length;
        }
        if (bytes > MAX_METADATA_BYTES) {
          throw new IllegalArgumentException("metadata too large: " + bytes + " bytes of names and values, at most "
              + MAX_METADATA_BYTES);
        }
      }
      this.metadata = metadata == null ? null : new TreeMap<>(metadata);
      return this;
    }

    /** The precondition. */
    public Builder precondition(Precondition precondition) {
      this.precondition = Objects.requireNonNull(precondition, "precondition");
      return this;
    }

    /** Create-only [§18.1]. */
    public Builder ifNotExists() {
      return precondition(Precondition.ifNotExists());
    }

    /** Compare-and-swap on the ETag [§18.2]. */
    public Builder ifMatch(String etag) {
      return precondition(Precondition.ifMatch(etag));
    }

    /** The options. */
    public WriteOptions build() {
      return new WriteOptions(this);
    }

    private static String header(String what, String value) {
      if (value == null) {
        return null;
      }
      if (value.isBlank() || value.length() > 1024 || !PRINTABLE.matcher(value).matches()) {
        throw new IllegalArgumentException("invalid " + what + " '" + value
            + "': 1 to 1024 printable ASCII characters");
      }
      return value;
    }
  }
}

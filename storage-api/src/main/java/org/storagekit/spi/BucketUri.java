package org.storagekit.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A storage location of the form {@code scheme://bucket/prefix}, parsed and checked once for every
 * provider whose URIs take that form. Such a URI MUST have the provider's scheme, MUST be
 * hierarchical with a non-empty bucket (or container) as its authority, and MUST NOT carry user
 * info, a port, a query or a fragment: credentials and settings are properties. Its path is the
 * prefix, normalized by {@link Keys#storagePrefix}. Error messages name the URI's expected shape
 * and show the URI only as {@link #printable(URI)}, which never echoes credentials or a query.
 *
 * <p>The bucket is checked only for presence; each provider checks its own naming rules.
 *
 * @param scheme the scheme, such as {@code s3}
 * @param bucket the bucket or container: the URI's authority
 * @param prefix the prefix inside the bucket: empty, or ending with {@code /}
 */
public record BucketUri(String scheme, String bucket, String prefix) {

  /** Validates the value and normalizes the prefix. */
  public BucketUri {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(bucket, "bucket");
    prefix = Keys.storagePrefix(prefix);
  }

  /**
   * Parses {@code uri} as {@code scheme://bucket/prefix}.
   *
   * @param scheme the provider's scheme, such as {@code s3}
   * @param bucketWord what the provider calls a bucket, such as {@code container}, for messages
   * @throws IllegalArgumentException naming what is wrong and the expected shape
   */
  public static BucketUri parse(URI uri, String scheme, String bucketWord) {
    String shape = scheme + "://" + bucketWord + "[/prefix]";
    checkScheme(uri, scheme, shape);
    String authority = uri.getRawAuthority();
    if (uri.isOpaque() || authority == null || authority.isEmpty()) {
      throw invalid(uri, "no " + bucketWord, shape);
    }
    if (authority.contains("@") || uri.getPort() != -1 || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw invalid(uri, "only a " + bucketWord + " and a prefix go in the URI; pass credentials and settings "
          + "as properties", shape);
    }
    return new BucketUri(scheme, uri.getAuthority(), uri.getPath());
  }

  /**
   * Checks that {@code uri} has the scheme {@code scheme}, ignoring case.
   *
   * @param shape the provider's URI shape, such as {@code s3://bucket[/prefix]}, for the message
   * @throws IllegalArgumentException saying the URI is not one of this scheme
   */
  public static void checkScheme(URI uri, String scheme, String shape) {
    Objects.requireNonNull(uri, "uri");
    if (!scheme.equalsIgnoreCase(uri.getScheme())) {
      // "an s3:", "an az:", "a gs:", "a jclouds:": by how the first letter is spoken
      String article = "aefhilmnorsx".indexOf(scheme.toLowerCase(Locale.ROOT).charAt(0)) >= 0 ? "an " : "a ";
      throw invalid(uri, "not " + article + scheme + ": URI", shape);
    }
  }

  /**
   * The URI for messages: its user info, query and fragment shown as {@code ***}, and an opaque
   * part that might hold credentials or a query hidden whole.
   */
  public static String printable(URI uri) {
    if (uri.isOpaque()) {
      String part = uri.getRawSchemeSpecificPart();
      return uri.getScheme() + ":" + (part.contains("@") || part.contains("?") ? "***" : part);
    }
    StringBuilder b = new StringBuilder();
    if (uri.getScheme() != null) {
      b.append(uri.getScheme()).append(':');
    }
    String authority = uri.getRawAuthority();
    if (authority != null) {
      b.append("//").append(authority.contains("@") ? "***" + authority.substring(authority.lastIndexOf('@'))
          : authority);
    }
    b.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    b.append(uri.getRawQuery() == null ? "" : "?***").append(uri.getRawFragment() == null ? "" : "#***");
    return b.toString();
  }

  /**
   * The normalized URI, {@code scheme://bucket/} or {@code scheme://bucket/prefix/}, with any
   * character a URI cannot hold percent-encoded.
   *
   * @throws IllegalArgumentException if the bucket cannot be a URI's authority
   */
  public URI uri() {
    try {
      return new URI(scheme, bucket, "/" + prefix, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot form a " + scheme + ": URI for '" + bucket + "' and prefix '"
          + prefix + "'", e);
    }
  }

  private static IllegalArgumentException invalid(URI uri, String problem, String shape) {
    return new IllegalArgumentException(problem + " (expected " + shape + "): " + printable(uri));
  }
}

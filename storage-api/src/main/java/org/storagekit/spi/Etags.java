package org.storagekit.spi;

/** ETags as HTTP servers send them. */
public final class Etags {
  private Etags() {}

  /**
   * The ETag without quotes and without a weak-validator {@code W/} prefix; {@code null} stays
   * {@code null}.
   */
  public static String unquote(String etag) {
    if (etag == null) {
      return null;
    }
    String e = etag.trim();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e;
  }

  /** The ETag in quotes, as {@code If-Match} wants it; {@code null} stays {@code null}. */
  public static String quote(String etag) {
    if (etag == null) {
      return null;
    }
    return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
  }
}

package org.storagekit.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A presigned URL to make [§21].
 *
 * @param name full object name
 * @param method {@code GET} or {@code PUT}
 * @param expiry how long the URL works, 1 second to 7 days
 * @param contentType for a {@code PUT}, the media type the upload must declare, or {@code null}
 */
public record PresignRequest(String name, Method method, Duration expiry, String contentType) {
  /** The HTTP method the URL is for. */
  public enum Method {
    /** Download. */
    GET,
    /** Upload. */
    PUT
  }

  /** Validates the request. */
  public PresignRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(expiry, "expiry");
  }
}

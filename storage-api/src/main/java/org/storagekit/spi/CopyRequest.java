package org.storagekit.spi;

import java.util.Objects;

/**
 * A copy inside one storage.
 *
 * @param source full object name of the source
 * @param target full object name of the target
 */
public record CopyRequest(String source, String target) {

  /** Validates the request. */
  public CopyRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
  }
}

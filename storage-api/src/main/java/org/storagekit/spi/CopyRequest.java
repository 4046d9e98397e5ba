package org.storagekit.spi;

import java.util.Objects;
import org.storagekit.WriteOptions;

/**
 * A copy inside one storage.
 *
 * @param source full object name of the source
 * @param target full object name of the target
 * @param options the target's precondition [§18]; and, where they {@link WriteOptions#setsContent()
 *     set content}, its complete content headers and metadata, which replace the source's (the
 *     engine has filled in the content type); otherwise the backend MUST keep the source's [§17.4]
 */
public record CopyRequest(String source, String target, WriteOptions options) {

  /** Validates the request. */
  public CopyRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
  }

  /** A plain copy that keeps the source's metadata. */
  public CopyRequest(String source, String target) {
    this(source, target, WriteOptions.defaults());
  }
}

package org.storagekit;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A stored key that cannot be written to the local disk safely, for example {@code ../x},
 * {@code /etc/x} or {@code C:\x}, which other tools can create [§4.2]. Nothing is written for it.
 *
 * <p>Thrown by {@link Storage#getAllFiles} after every safe file was downloaded, it names every
 * refused key ({@link #refused()}) and carries what was transferred ({@link #summary()}).
 */
public class UnsafeKeyException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final List<String> refused;
  private final transient TransferSummary summary;

  /** Creates the exception for one key. */
  public UnsafeKeyException(URI storage, String key, String reason) {
    super(storage, key, reason, null);
    this.refused = key == null ? List.of() : List.of(key);
    this.summary = null;
  }

  /**
   * Creates the exception that ends a bulk download which refused {@code summary.refused()}, each
   * described by one of {@code causes} (kept as suppressed exceptions, at most 100).
   *
   * @throws IllegalArgumentException if the summary refused no key
   */
  public UnsafeKeyException(URI storage, TransferSummary summary, List<UnsafeKeyException> causes) {
    super(storage, single(summary, causes).flatMap(StorageException::key).orElse(null), reason(summary, causes),
        null);
    this.refused = summary.refused();
    this.summary = summary;
    causes.stream().limit(100).forEach(this::addSuppressed);
  }

  private static Optional<UnsafeKeyException> single(TransferSummary summary, List<UnsafeKeyException> causes) {
    if (summary.refused().isEmpty()) {
      throw new IllegalArgumentException("the summary refused no key");
    }
    return summary.refused().size() == 1 && causes.size() == 1 ? Optional.of(causes.get(0)) : Optional.empty();
  }

  private static String reason(TransferSummary summary, List<UnsafeKeyException> causes) {
    String done = "; the " + summary.files() + " safe file(s) were downloaded (" + summary.bytes() + " bytes)";
    Optional<UnsafeKeyException> one = single(summary, causes);
    if (one.isPresent()) {
      return one.get().reason() + done;
    }
    List<String> keys = summary.refused();
    String listed = keys.stream().limit(100).map(k -> "'" + k + "'").collect(Collectors.joining(", "))
        + (keys.size() > 100 ? ", ..." : "");
    return "refused " + keys.size() + " stored key(s) that are unsafe as local paths, and wrote nothing for them: "
        + listed + done;
  }

  /** The refused keys, in printable form; one for a single key. */
  public List<String> refused() {
    return refused;
  }

  /** What the bulk download transferred besides the refused keys, if this ends one. */
  public Optional<TransferSummary> summary() {
    return Optional.ofNullable(summary);
  }
}

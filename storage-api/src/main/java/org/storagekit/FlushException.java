package org.storagekit;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One or more background uploads failed [§10.2]. The message names every failed key; each failure
 * is kept, by key, in {@link #failures()} and as a suppressed exception.
 */
public class FlushException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, Throwable> failures;

  /**
   * Creates the exception.
   *
   * @param failures failed keys and their causes, in the order they failed; not empty
   */
  public FlushException(URI storage, Map<String, ? extends Throwable> failures) {
    super(storage, null, failures.size() + " background upload(s) failed: " + failures.keySet(),
        failures.values().iterator().next());
    this.failures = new LinkedHashMap<>(failures);
    failures.values().stream().skip(1).forEach(this::addSuppressed);
  }

  /** Every failed key and its cause. */
  public Map<String, Throwable> failures() {
    return Map.copyOf(failures);
  }
}

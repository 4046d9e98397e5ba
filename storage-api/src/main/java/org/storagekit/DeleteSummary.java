package org.storagekit;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a {@link Storage#deleteAll batch delete} did [§20]: how many keys are gone (a key that held no
 * file counts as deleted [§8.1]), and every key that failed with the reason, in key order.
 *
 * @param deleted number of keys deleted
 * @param failed every key that was not deleted, with the exception that names it and says why
 */
public record DeleteSummary(long deleted, Map<String, StorageException> failed) {
  /** Validates and copies {@code failed}. */
  public DeleteSummary {
    if (deleted < 0) {
      throw new IllegalArgumentException("deleted must be >= 0: " + deleted);
    }
    failed = Map.copyOf(new TreeMap<>(Objects.requireNonNull(failed, "failed")));
  }

  /** Whether every key was deleted. */
  public boolean isComplete() {
    return failed.isEmpty();
  }

  /**
   * Returns this summary if every key was deleted.
   *
   * @throws StorageException naming the failed keys (at most ten, then a count), with the first
   *     failure as cause, otherwise
   */
  public DeleteSummary orThrow() {
    if (failed.isEmpty()) {
      return this;
    }
    TreeMap<String, StorageException> sorted = new TreeMap<>(failed);
    StringBuilder keys = new StringBuilder();
    sorted.keySet().stream().limit(10).forEach(k -> keys.append(keys.length() == 0 ? "" : ", ").append(k));
    if (sorted.size() > 10) {
      keys.append(" and ").append(sorted.size() - 10).append(" more");
    }
    StorageException first = sorted.firstEntry().getValue();
    throw new StorageException(first.storage().orElse(null), null,
        "could not delete " + sorted.size() + " of " + (deleted + sorted.size()) + " files: " + keys, first);
  }
}

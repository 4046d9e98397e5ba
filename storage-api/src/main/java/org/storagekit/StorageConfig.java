package org.storagekit;

/**
 * A provider's typed configuration: an immutable value that opens the storage it describes. Every
 * provider's {@code XxxStorageConfig} implements it, so one Guice module binds any of them
 * ({@link org.storagekit.guice.StorageModule}).
 *
 * <p>Opening makes no network call: a wrong endpoint, missing credentials or a missing bucket show
 * on the first operation, as a {@link StorageException} naming what is wrong [§14.2].
 */
public interface StorageConfig {

  /**
   * Opens a new storage instance; the caller MUST close it.
   *
   * @throws IllegalArgumentException if the configuration cannot describe a storage (naming why)
   */
  Storage open();
}

package org.storagekit.spi;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import org.storagekit.Checksum;
import org.storagekit.IntegrityException;
import org.storagekit.NotFoundException;
import org.storagekit.StorageOptions;

/**
 * What a {@link StorageBackend} knows of the storage it serves: the location's URI, the object-name
 * prefix, the shared options, and the factories for the exceptions a backend raises itself. Created
 * by the provider, handed to both the backend and {@link StorageEngine#open}.
 */
public final class StorageContext {
  private final URI uri;
  private final String prefix;
  private final StorageOptions options;
  private volatile ExecutorService parts;

  private StorageContext(URI uri, String prefix, StorageOptions options) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.options = Objects.requireNonNull(options, "options");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException("prefix must be empty or end with '/': " + prefix);
    }
    if (prefix.getBytes(StandardCharsets.UTF_8).length >= Keys.MAX_KEY_BYTES) {
      throw new IllegalArgumentException("prefix is longer than " + Keys.MAX_KEY_BYTES + " bytes: " + prefix);
    }
  }

  /**
   * Creates a context.
   *
   * @param uri the normalized location; its path MUST end with {@code /}
   * @param prefix the object-name prefix of the location inside its bucket: empty, or ending with
   *     {@code /}
   * @param options the shared options
   */
  public static StorageContext of(URI uri, String prefix, StorageOptions options) {
    return new StorageContext(uri, prefix, options);
  }

  /** The location's URI. */
  public URI uri() {
    return uri;
  }

  /** The object-name prefix: empty or ending with {@code /}. */
  public String prefix() {
    return prefix;
  }

  /** The shared options. */
  public StorageOptions options() {
    return options;
  }

  /** The full object name of a key. */
  public String nameOf(String key) {
    return prefix + key;
  }

  /** The key of a full object name (the name without the prefix). */
  public String keyOf(String name) {
    return name != null && name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }

  /** A not-found exception naming this storage and the key of {@code name}. */
  public NotFoundException notFound(String name, Throwable cause) {
    return new NotFoundException(uri, keyOf(name), "no such file", cause);
  }

  /** An integrity failure naming the key of {@code name}, the algorithm and both values. */
  public IntegrityException integrity(String name, Checksum expected, Checksum actual) {
    return new IntegrityException(uri, keyOf(name), expected.algorithm().name(), expected.hex(),
        actual.algorithm() == expected.algorithm() ? actual.hex() : actual.toString());
  }

  /** An integrity failure on the size of the object {@code name}. */
  public IntegrityException sizeMismatch(String name, long expected, long actual) {
    return new IntegrityException(uri, keyOf(name), "size", expected + " bytes", actual + " bytes");
  }

  /**
   * Throws {@link #integrity} if the checksums differ.
   *
   * @throws IntegrityException if {@code actual} differs from {@code expected}
   */
  public void verify(String name, Checksum expected, Checksum actual) {
    if (!expected.equals(actual)) {
      throw integrity(name, expected, actual);
    }
  }

  /**
   * The executor for the parts of large transfers (multipart uploads, parallel ranges), created on
   * first use with {@code threads} daemon threads and shut down when the storage closes. Part tasks
   * never run on the engine's own executor, so a transfer waiting for its parts cannot starve them.
   */
  public ExecutorService parts(int threads) {
    ExecutorService p = parts;
    if (p == null) {
      synchronized (this) {
        p = parts;
        if (p == null) {
          p = Threads.pool("storagekit-parts", threads);
          parts = p;
        }
      }
    }
    return p;
  }

  /** Shuts the part executor down; called by the engine on close. */
  void close() {
    ExecutorService p = parts;
    if (p != null) {
      p.shutdown();
    }
  }
}

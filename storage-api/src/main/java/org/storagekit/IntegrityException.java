package org.storagekit;

import java.net.URI;
import java.util.Objects;

/**
 * A transfer whose bytes do not match what the other side vouches for [§3.5, §5.3]: a checksum or
 * a size differs. It names the key, the algorithm ({@code MD5}, {@code CRC32C}, {@code size}, ...),
 * the expected and the actual value. Nothing was kept: a download left no file, an upload left no
 * object where the backend can guarantee it.
 */
public class IntegrityException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String algorithm;
  private final String expected;
  private final String actual;

  /**
   * Creates the exception.
   *
   * @param storage the storage's URI
   * @param key the key whose transfer failed
   * @param algorithm what was compared, for example {@code MD5} or {@code size}
   * @param expected the value the backend or the source vouches for
   * @param actual the value the transferred bytes have
   */
  public IntegrityException(URI storage, String key, String algorithm, String expected, String actual) {
    super(storage, key, "integrity check failed: expected " + algorithm + " " + expected
        + " but the transferred bytes have " + actual);
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.actual = Objects.requireNonNull(actual, "actual");
  }

  /** What was compared: a checksum algorithm's name, or {@code size}. */
  public String algorithm() {
    return algorithm;
  }

  /** The value vouched for. */
  public String expected() {
    return expected;
  }

  /** The value the transferred bytes have. */
  public String actual() {
    return actual;
  }
}

package org.storagekit.spi;

import java.util.Objects;
import org.storagekit.RetryOptions;
import org.storagekit.StorageOptions;

/**
 * The settings every provider's configuration builder shares: the prefix inside the bucket, the
 * shared {@link StorageOptions} and their {@link RetryOptions}; a provider's {@code build()} reads
 * them with {@link #options()}. A provider's builder extends it with itself as {@code B}, so that
 * these setters chain with its own. A builder only collects values: the configuration's
 * constructor validates them once, when the builder builds it.
 *
 * @param <B> the provider's builder
 */
public abstract class ConfigBuilder<B extends ConfigBuilder<B>> {
  /** The prefix as given; the configuration normalizes it with {@link Keys#storagePrefix}. */
  protected String prefix = "";
  private StorageOptions options = StorageOptions.defaults();
  private RetryOptions retries;

  /** For subclasses. */
  protected ConfigBuilder() {}

  /**
   * The key prefix inside the bucket, like a folder: {@code "backups/2024"} (default none, the whole
   * bucket). Leading and trailing slashes are trimmed and a trailing {@code /} is added; a prefix
   * with an empty, {@code .} or {@code ..} segment or a control character is refused at build.
   */
  public B prefix(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    return self();
  }

  /** The shared options (default {@link StorageOptions#defaults()}). */
  public B options(StorageOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    return self();
  }

  /**
   * Retries and timeouts of every request (default: those of the shared options,
   * {@link RetryOptions#defaults()} unless set there), the same settings on every provider [§14.7].
   * Set here, they win over the shared options' own, whichever is set first.
   */
  public B retries(RetryOptions retries) {
    this.retries = Objects.requireNonNull(retries, "retries");
    return self();
  }

  /** The shared options to build with: as set, with {@link #retries(RetryOptions)} in them if set. */
  protected final StorageOptions options() {
    return retries == null ? options : options.withRetries(retries);
  }

  @SuppressWarnings("unchecked") // B is the subclass itself, as the class's contract says
  private B self() {
    return (B) this;
  }
}

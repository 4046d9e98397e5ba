package org.storagekit.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A value made on first use, once: an SDK client built on demand, a container checked or created
 * before the first operation, so that opening a storage sends nothing. A step that throws makes
 * nothing and is tried again on the next use. Thread-safe.
 *
 * @param <T> the value
 */
public final class Lazy<T> {
  private final Supplier<? extends T> make;
  private volatile T value;

  /**
   * Creates a lazy value.
   *
   * @param make makes the value; called at most once successfully, MUST NOT return {@code null}
   */
  public Lazy(Supplier<? extends T> make) {
    this.make = Objects.requireNonNull(make, "make");
  }

  /** The value, made now if no earlier use made it. */
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(make.get(), "the lazy value was made null");
          value = v;
        }
      }
    }
    return v;
  }

  /** The value if a use made it already; never makes it (for closing only what exists). */
  public Optional<T> ifMade() {
    return Optional.ofNullable(value);
  }
}

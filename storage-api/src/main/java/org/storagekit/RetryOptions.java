package org.storagekit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.storagekit.spi.ProviderProperties;
import org.storagekit.spi.Settings;

/**
 * Retries and timeouts of every request a storage sends, the same settings for every provider,
 * which maps them onto its SDK [§14.7]. Immutable; build with {@link #builder()}, or read the
 * {@code retry.*} and {@code timeout.*} properties with {@link #fromProperties(Map)}. The defaults
 * suit a batch job: a few patient retries, and no request that waits forever.
 *
 * <p>Idempotent requests are retried on transient failures (the network, timeouts, 5xx, throttling)
 * up to {@link #maxAttempts()} attempts in all; before each retry the client waits a random time
 * between zero and an exponentially growing bound (full jitter), the bound starting at
 * {@link #initialBackoff()} and capped at {@link #maxBackoff()}. A stalled server ends in a
 * {@link TransientException} once the read timeout has passed on every attempt.
 *
 * @param maxAttempts attempts per request, the first included: 1 (no retry) to 100
 * @param initialBackoff the bound on the first wait before a retry, doubled per retry
 * @param maxBackoff the cap on the bound, at least {@code initialBackoff}
 * @param connectTimeout the longest wait for a connection to be established
 * @param readTimeout the longest wait for the next bytes on an open connection (a stall)
 * @param operationTimeout the longest one request may take, its retries included, where the SDK
 *     offers such a deadline (see each provider's README); at least {@code readTimeout}
 */
public record RetryOptions(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration connectTimeout,
    Duration readTimeout, Duration operationTimeout) {
  /** Property naming {@link #maxAttempts()}. */
  public static final String MAX_ATTEMPTS = "retry.max-attempts";
  /** Property naming {@link #initialBackoff()}. */
  public static final String INITIAL_BACKOFF = "retry.initial-backoff";
  /** Property naming {@link #maxBackoff()}. */
  public static final String MAX_BACKOFF = "retry.max-backoff";
  /** Property naming {@link #connectTimeout()}. */
  public static final String CONNECT_TIMEOUT = "timeout.connect";
  /** Property naming {@link #readTimeout()}. */
  public static final String READ_TIMEOUT = "timeout.read";
  /** Property naming {@link #operationTimeout()}. */
  public static final String OPERATION_TIMEOUT = "timeout.operation";

  /** Default {@link #maxAttempts()}: 5. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  /** Default {@link #initialBackoff()}: 500 ms. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
  /** Default {@link #maxBackoff()}: 30 s. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  /** Default {@link #connectTimeout()}: 10 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Default {@link #readTimeout()}: 30 s. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  /** Default {@link #operationTimeout()}: 10 min. */
  public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofMinutes(10);

  private static final Duration LONGEST = Duration.ofDays(1);
  private static final Duration SHORTEST = Duration.ofMillis(1);
  private static final RetryOptions DEFAULTS = builder().build();

  /**
   * Validates the options; an error names the property.
   *
   * @throws IllegalArgumentException naming the property out of range
   */
  public RetryOptions {
    Settings.range(MAX_ATTEMPTS, maxAttempts, 1, 100);
    Settings.duration(INITIAL_BACKOFF, initialBackoff, SHORTEST, LONGEST);
    Settings.duration(MAX_BACKOFF, maxBackoff, SHORTEST, LONGEST);
    Settings.duration(CONNECT_TIMEOUT, connectTimeout, SHORTEST, LONGEST);
    Settings.duration(READ_TIMEOUT, readTimeout, SHORTEST, LONGEST);
    Settings.duration(OPERATION_TIMEOUT, operationTimeout, SHORTEST, LONGEST);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(MAX_BACKOFF + " must not be shorter than " + INITIAL_BACKOFF + ": "
          + Settings.duration(maxBackoff) + " < " + Settings.duration(initialBackoff));
    }
    if (operationTimeout.compareTo(readTimeout) < 0) {
      throw new IllegalArgumentException(OPERATION_TIMEOUT + " must not be shorter than " + READ_TIMEOUT + ": "
          + Settings.duration(operationTimeout) + " < " + Settings.duration(readTimeout));
    }
  }

  /**
   * The defaults: 5 attempts, backoff from 500 ms up to 30 s, connect timeout 10 s, read timeout
   * 30 s, operation timeout 10 min.
   */
  public static RetryOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder(null);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry, that is the second attempt),
   * with full jitter: a random duration between zero and {@code min(maxBackoff, initialBackoff ×
   * 2^(retry - 1))}. For providers whose SDK waits without jitter.
   *
   * @throws IllegalArgumentException if {@code retry} is below 1
   */
  public Duration backoff(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be at least 1: " + retry);
    }
    long initial = initialBackoff.toMillis();
    long bound = retry > 40 || initial << (retry - 1) > maxBackoff.toMillis() || initial << (retry - 1) < 0
        ? maxBackoff.toMillis() : initial << (retry - 1);
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /** The property names, {@code retry.*} and {@code timeout.*}. */
  public static Set<String> properties() {
    return Set.of(MAX_ATTEMPTS, INITIAL_BACKOFF, MAX_BACKOFF, CONNECT_TIMEOUT, READ_TIMEOUT, OPERATION_TIMEOUT);
  }

  /**
   * Reads the {@code retry.*} and {@code timeout.*} properties (attempts a whole number, the others
   * durations such as {@code 500ms}, {@code 30s}, {@code 2m}, as {@link ProviderProperties} parses
   * them); absent ones keep their defaults.
   *
   * @throws IllegalArgumentException naming the property that is malformed, out of range, or unknown
   *     under {@code retry.} or {@code timeout.}
   */
  public static RetryOptions fromProperties(Map<String, String> properties) {
    ProviderProperties.of(properties, "retry.", properties());
    ProviderProperties p = ProviderProperties.of(properties, "timeout.", properties());
    Builder b = builder();
    p.integer(MAX_ATTEMPTS).ifPresent(b::maxAttempts);
    p.duration(INITIAL_BACKOFF).ifPresent(b::initialBackoff);
    p.duration(MAX_BACKOFF).ifPresent(b::maxBackoff);
    p.duration(CONNECT_TIMEOUT).ifPresent(b::connectTimeout);
    p.duration(READ_TIMEOUT).ifPresent(b::readTimeout);
    p.duration(OPERATION_TIMEOUT).ifPresent(b::operationTimeout);
    return b.build();
  }

  /** Builds {@link RetryOptions}; {@link #build()} validates, naming the property. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;

    private Builder(RetryOptions from) {
      if (from != null) {
        maxAttempts = from.maxAttempts;
        initialBackoff = from.initialBackoff;
        maxBackoff = from.maxBackoff;
        connectTimeout = from.connectTimeout;
        readTimeout = from.readTimeout;
        operationTimeout = from.operationTimeout;
      }
    }

    /** Attempts per request, the first included, 1 to 100 (default 5); 1 turns retries off. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    /** The bound on the first wait before a retry (default 500 ms), doubled per retry. */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = Objects.requireNonNull(backoff, INITIAL_BACKOFF);
      return this;
    }

    /** The cap on the wait before a retry (default 30 s). */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = Objects.requireNonNull(backoff, MAX_BACKOFF);
      return this;
    }

    /** The longest wait for a connection (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, CONNECT_TIMEOUT);
      return this;
    }

    /** The longest wait for the next bytes on an open connection (default 30 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout, READ_TIMEOUT);
      return this;
    }

    /** The longest one request may take, its retries included (default 10 min). */
    public Builder operationTimeout(Duration timeout) {
      this.operationTimeout = Objects.requireNonNull(timeout, OPERATION_TIMEOUT);
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws IllegalArgumentException naming the property out of range
     */
    public RetryOptions build() {
      return new RetryOptions(maxAttempts, initialBackoff, maxBackoff, connectTimeout, readTimeout, operationTimeout);
    }
  }
}

package org.storagekit.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Checks of a provider configuration's values, for its constructor, and environment fallbacks.
 * Every error is an {@link IllegalArgumentException} that names the setting and shows the value,
 * except values that may hold secrets: URLs are shown by {@link BucketUri#printable(URI)}.
 */
public final class Settings {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Settings() {}

  /**
   * Returns {@code value} if it is within {@code min..max}, both included.
   *
   * @throws IllegalArgumentException naming the setting and its range
   */
  public static long range(String name, long value, long min, long max) {
    return within(name, value, min, max, Long::toString);
  }

  /**
   * Returns {@code bytes} if it is within {@code min..max}, both included; the message shows the
   * range in binary units, such as {@code 5 MiB..5 GiB}.
   *
   * @throws IllegalArgumentException naming the setting and its range
   */
  public static long size(String name, long bytes, long min, long max) {
    return within(name, bytes, min, max, Settings::bytes);
  }

  /**
   * Returns {@code value} if it is longer than zero.
   *
   * @throws NullPointerException naming the setting if {@code value} is null
   * @throws IllegalArgumentException naming the setting otherwise
   */
  public static Duration positive(String name, Duration value) {
    if (Objects.requireNonNull(value, name).isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  /**
   * Returns {@code value} if it is within {@code min..max}, both included; the message shows
   * durations as {@code 500ms}, {@code 30s}, {@code 2m}.
   *
   * @throws NullPointerException naming the setting if {@code value} is null
   * @throws IllegalArgumentException naming the setting and its range
   */
  public static Duration duration(String name, Duration value, Duration min, Duration max) {
    if (Objects.requireNonNull(value, name).compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be " + duration(min) + ".." + duration(max) + ": "
          + duration(value));
    }
    return value;
  }

  /** {@code value} in the largest unit that divides it: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, as {@link ProviderProperties} reads them. */
  public static String duration(Duration value) {
    if (value.isNegative() || value.getNano() % 1_000_000 != 0) {
      return value.toString();
    }
    long ms = value.toMillis();
    long[] units = {3_600_000L, 60_000L, 1000L};
    String[] names = {"h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (ms != 0 && ms % units[i] == 0) {
        return ms / units[i] + names[i];
      }
    }
    return ms + "ms";
  }

  /**
   * Returns {@code value} trimmed.
   *
   * @throws NullPointerException naming the setting if {@code value} is null
   * @throws IllegalArgumentException naming the setting if it is blank
   */
  public static String text(String name, String value) {
    String v = Objects.requireNonNull(value, name).trim();
    if (v.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return v;
  }

  /** {@code value} trimmed, or {@code null} if it is null or blank: for a setting that is optional. */
  public static String trimToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /**
   * Returns {@code url} if it is an absolute http or https URL with a host and no user info.
   *
   * @throws IllegalArgumentException naming the setting, without echoing credentials or a query
   */
  public static URI httpUrl(String name, URI url) {
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException(name + " must be an http or https URL with a host: "
          + BucketUri.printable(url));
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(name + " must not hold credentials: " + BucketUri.printable(url));
    }
    return url;
  }

  /**
   * Parses {@code url} and returns it if it is an absolute http or https URL with a host and no
   * user info, as {@link #httpUrl(String, URI)} checks.
   *
   * @throws NullPointerException naming the setting if {@code url} is null
   * @throws IllegalArgumentException naming the setting
   */
  public static URI httpUrl(String name, String url) {
    try {
      return httpUrl(name, new URI(Objects.requireNonNull(url, name).trim()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(name + " is not a URL", e);
    }
  }

  /**
   * The first of the environment variables {@code names} that is set and not blank, trimmed.
   *
   * @param environment the environment, such as {@link System#getenv()}
   */
  public static Optional<String> env(Map<String, String> environment, String... names) {
    for (String name : names) {
      String value = trimToNull(environment.get(name));
      if (value != null) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** An unbounded maximum ({@code Integer.MAX_VALUE} or {@code Long.MAX_VALUE}) reads "at least min". */
  private static long within(String name, long value, long min, long max, LongFunction<String> format) {
    if (value < min || value > max) {
      String bounds = max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "at least " + format.apply(min)
          : format.apply(min) + ".." + format.apply(max);
      throw new IllegalArgumentException(name + " must be " + bounds + ": " + value);
    }
    return value;
  }

  /** {@code bytes} in the largest binary unit that divides it, such as {@code 5 MiB}. */
  private static String bytes(long bytes) {
    int unit = 0;
    long n = bytes;
    while (unit < UNITS.length - 1 && n != 0 && n % 1024 == 0) {
      n /= 1024;
      unit++;
    }
    return n + " " + UNITS[unit];
  }
}

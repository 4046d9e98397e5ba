package org.storagekit.spi;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A provider's string properties, parsed by one rule set for every provider: booleans
 * ({@code true/yes/on}, {@code false/no/off}), integers, sizes ({@code 8388608}, {@code 8K},
 * {@code 8M}, {@code 8MiB}, {@code 1G}: binary units), durations ({@code 30s}, {@code 500ms},
 * {@code 2m}, ISO-8601 {@code PT30S}) and URLs. Every error names the property. An unknown property
 * under the provider's prefix is refused with the list of known ones.
 */
public final class ProviderProperties {
  private final Map<String, String> values;

  private ProviderProperties(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads {@code properties}, refusing any key that starts with {@code prefix} (for example
   * {@code "s3."}) but is not in {@code known}.
   *
   * @throws IllegalArgumentException naming the unknown property and listing the known ones
   */
  public static ProviderProperties of(Map<String, String> properties, String prefix, Set<String> known) {
    Objects.requireNonNull(properties, "properties");
    for (String key : properties.keySet()) {
      if (key.startsWith(prefix) && !known.contains(key)) {
        throw new IllegalArgumentException("unknown property '" + key + "'; known: " + new TreeSet<>(known));
      }
    }
    return new ProviderProperties(properties);
  }

  /** The trimmed value, if present and not blank. */
  public Optional<String> string(String name) {
    String v = values.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** The raw value, untrimmed (for secrets, which may hold anything), if present and not empty. */
  public Optional<String> secret(String name) {
    String v = values.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** A boolean. */
  public Optional<Boolean> bool(String name) {
    return string(name).map(v -> parseBoolean(name, v));
  }

  /** An integer. */
  public Optional<Integer> integer(String name) {
    return string(name).map(v -> {
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("property '" + name + "' must be a whole number: " + v, e);
      }
    });
  }

  /** A size in bytes. */
  public Optional<Long> size(String name) {
    return string(name).map(v -> parseSize(name, v));
  }

  /** A duration. */
  public Optional<Duration> duration(String name) {
    return string(name).map(v -> parseDuration(name, v));
  }

  /** An absolute URL. */
  public Optional<URI> url(String name) {
    return string(name).map(v -> {
      try {
        URI uri = new URI(v);
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new IllegalArgumentException("property '" + name + "' must be an absolute URL: " + v);
        }
        return uri;
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("property '" + name + "' is not a URL: " + v, e);
      }
    });
  }

  /** An enum constant, matched ignoring case and treating {@code -} as {@code _}. */
  public <E extends Enum<E>> Optional<E> choice(String name, Class<E> type) {
    return string(name).map(v -> {
      String wanted = v.replace('-', '_').toUpperCase(Locale.ROOT);
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(wanted)) {
          return e;
        }
      }
      Set<String> names = new TreeSet<>();
      for (E e : type.getEnumConstants()) {
        names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw new IllegalArgumentException("property '" + name + "' must be one of " + names + ": " + v);
    });
  }

  /** Parses a boolean property value. */
  public static boolean parseBoolean(String name, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
        return true;
      case "false":
      case "no":
      case "off":
        return false;
      default:
        throw new IllegalArgumentException("property '" + name + "' must be true or false: " + value);
    }
  }

  /** Parses {@code 8388608}, {@code 8K}, {@code 8M}, {@code 8MiB}, {@code 8MB}, {@code 1G} (binary units). */
  public static long parseSize(String name, String value) {
    String v = value.trim().toUpperCase(Locale.ROOT);
    if (v.endsWith("IB")) {
      v = v.substring(0, v.length() - 2);
    } else if (v.endsWith("B") && v.length() > 1 && !Character.isDigit(v.charAt(v.length() - 2))) {
      v = v.substring(0, v.length() - 1);
    }
    long unit = 1;
    if (!v.isEmpty()) {
      char last = v.charAt(v.length() - 1);
      unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : last == 'G' ? 1L << 30 : last == 'T' ? 1L << 40 : 1;
    }
    if (unit > 1) {
      v = v.substring(0, v.length() - 1).trim();
    }
    try {
      long size = Math.multiplyExact(Long.parseLong(v), unit);
      if (size < 0) {
        throw new IllegalArgumentException("property '" + name + "' must not be negative: " + value);
      }
      return size;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("property '" + name + "' must be a size such as 8388608 or 8M: " + value, e);
    }
  }

  /** Parses {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, a number of seconds, or ISO-8601 {@code PT30S}. */
  public static Duration parseDuration(String name, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("pt") || v.startsWith("p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      }
      char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
      String number = Character.isDigit(last) ? v : v.substring(0, v.length() - 1).trim();
      long n = Long.parseLong(number);
      switch (last) {
        case 'h':
          return Duration.ofHours(n);
        case 'm':
          return Duration.ofMinutes(n);
        case 's':
          return Duration.ofSeconds(n);
        default:
          if (Character.isDigit(last)) {
            return Duration.ofSeconds(n);
          }
          throw new NumberFormatException(value);
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("property '" + name + "' must be a duration such as 30s, 500ms or 2m: "
          + value, e);
    }
  }
}

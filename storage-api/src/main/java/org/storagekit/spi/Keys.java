package org.storagekit.spi;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Objects;

/**
 * Key validation, once for every provider [§1]. A key is a non-empty {@code /}-separated path with
 * no empty, {@code .} or {@code ..} segment, no leading {@code /}, no backslash, no control
 * character, no drive letter ({@code C:}) as first segment, and at most {@value #MAX_KEY_BYTES}
 * bytes of UTF-8.
 */
public final class Keys {
  /** The longest key, in UTF-8 bytes (the S3 and GCS limit). */
  public static final int MAX_KEY_BYTES = 1024;

  /**
   * The byte order of keys' UTF-8 encodings, in which object stores list and {@code startAfter}
   * compares [§2.9]; computed on code points, without encoding (UTF-8 preserves code point order,
   * which UTF-16's {@code String.compareTo} does not above U+FFFF).
   */
  public static final Comparator<String> UTF8_ORDER = Keys::compareUtf8;

  private Keys() {}

  private static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * Returns {@code key} if it is valid.
   *
   * @throws IllegalArgumentException naming the key and what is wrong with it
   */
  public static String validate(String key) {
    String problem = problem(key);
    if (problem != null) {
      throw new IllegalArgumentException("invalid key '" + printable(key) + "': " + problem);
    }
    return key;
  }

  /** Whether {@link #validate} would accept {@code key}. */
  public static boolean isValid(String key) {
    return problem(key) == null;
  }

  /**
   * Returns {@code prefix} if it is a valid listing prefix: empty, or a string that does not start
   * with {@code /} and holds no control character or backslash.
   *
   * @throws IllegalArgumentException naming the prefix
   */
  public static String validatePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException("invalid prefix '" + printable(prefix) + "': starts with '/'");
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (Character.isISOControl(c) || c == '\\') {
        throw new IllegalArgumentException(
            "invalid prefix '" + printable(prefix) + "': control character or backslash at " + i);
      }
    }
    return prefix;
  }

  /**
   * Normalizes a storage's location prefix, as given in a URI or a configuration: leading and
   * trailing slashes are dropped, the rest must be a valid key path, and the result is empty or ends
   * with {@code /} (the form {@link StorageContext} takes).
   *
   * @throws IllegalArgumentException naming the prefix and what is wrong with it
   */
  public static String storagePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    int start = 0;
    int end = prefix.length();
    while (start < end && prefix.charAt(start) == '/') {
      start++;
    }
    while (end > start && prefix.charAt(end - 1) == '/') {
      end--;
    }
    String bare = prefix.substring(start, end);
    if (bare.isEmpty()) {
      return "";
    }
    String problem = problem(bare);
    if (problem != null) {
      throw new IllegalArgumentException("invalid prefix '" + printable(prefix) + "': " + problem);
    }
    return bare + "/";
  }

  /** The last segment of a valid key: its file name. */
  public static String fileName(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** Joins a directory-like prefix (empty, or without trailing slash) and a relative key. */
  public static String join(String prefix, String relative) {
    if (prefix.isEmpty()) {
      return relative;
    }
    return prefix.endsWith("/") ? prefix + relative : prefix + "/" + relative;
  }

  /** What is wrong with a key as a relative path, or {@code null} if nothing is. */
  public static String problem(String key) {
    if (key == null) {
      return "key is null";
    }
    if (key.isEmpty()) {
      return "empty";
    }
    if (key.startsWith("/")) {
      return "absolute (starts with '/')";
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      return "longer than " + MAX_KEY_BYTES + " bytes of UTF-8";
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c)) {
        return "control character U+" + String.format("%04X", (int) c) + " at index " + i;
      }
      if (c == '\\') {
        return "backslash at index " + i + " (keys use '/')";
      }
    }
    int start = 0;
    boolean first = true;
    while (start <= key.length()) {
      int end = key.indexOf('/', start);
      if (end < 0) {
        end = key.length();
      }
      String segment = key.substring(start, end);
      if (segment.isEmpty()) {
        return "empty segment (keys never have '//' or a trailing '/')";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "'" + segment + "' segment";
      }
      if (first && segment.length() >= 2 && segment.charAt(1) == ':' && Character.isLetter(segment.charAt(0))) {
        return "starts with a drive letter";
      }
      first = false;
      start = end + 1;
    }
    return null;
  }

  /** The string with control characters escaped, for messages. */
  public static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > 200) {
      b.append("...");
    }
    return b.toString();
  }
}

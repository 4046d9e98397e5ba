package org.storagekit.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Wire formats of the fake GCS server: multipart bodies, query strings, percent-encoding, UTF-8
 * name order and digests as GCS reports them.
 */
final class GcsWire {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

  private GcsWire() {}

  /** The parts of a {@code multipart/*} body: each part's headers (lower-case names) and bytes. */
  static List<Part> multipart(byte[] body, String contentType) {
    Matcher b = BOUNDARY.matcher(contentType);
    if (!b.find()) {
      throw new IllegalArgumentException("no boundary in " + contentType);
    }
    byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        break; // the closing delimiter
      }
      start += 2; // CRLF after the delimiter
      int next = indexOf(body, concat("\r\n".getBytes(StandardCharsets.ISO_8859_1), delimiter), start);
      if (next < 0) {
        break;
      }
      parts.add(Part.parse(Arrays.copyOfRange(body, start, next)));
      at = next + 2;
    }
    return parts;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        q.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return q;
  }

  /** Percent-decoding only: a {@code +} in a URL path or in the client's query values is a plus. */
  static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** RFC 3986 percent-encoding, as the V4 canonical query string has it. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c & 0xff));
      }
    }
    return out.toString();
  }

  static int utf8Compare(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(CharSequence s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The MD5 of {@code content} as GCS reports it: Base64. */
  static String md5(byte[] content) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The CRC32C of {@code content} as GCS reports it: big-endian, Base64. */
  static String crc32c(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    long v = crc.getValue();
    return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }


  /** A MIME part (or an HTTP message): an optional first line, headers, a blank line, the content. */
  static final class Part {
    String firstLine;
    final Map<String, String> headers = new HashMap<>();
    byte[] content;

    static Part parse(byte[] bytes) {
      Part p = new Part();
      int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
      int headEnd = end < 0 ? bytes.length : end;
      String head = new String(bytes, 0, headEnd, StandardCharsets.UTF_8);
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (p.firstLine == null && p.headers.isEmpty() && (colon < 0 || line.startsWith("HTTP/")
            || line.matches("[A-Z]+ \\S+ HTTP/1\\.1"))) {
          p.firstLine = line;
        } else if (colon > 0) {
          p.headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
      }
      p.content = end < 0 ? new byte[0] : Arrays.copyOfRange(bytes, end + 4, bytes.length);
      return p;
    }
  }
}

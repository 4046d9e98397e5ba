package org.storagekit.cli;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One command-line argument naming a place in some storage, and how it splits into a storage
 * location and a key.
 *
 * <p>An argument is either a URI with a scheme of two or more letters ({@code s3://bucket/a/b.txt},
 * {@code file:/data/a/b.txt}, {@code jclouds:transient://box/a/b.txt}) or a plain local path, which
 * means {@code file:}. A URI's <em>root</em> is its scheme and bucket (or container): everything up
 * to the first {@code /} after {@code ://}. A query ({@code ?endpoint=...}) belongs to the storage
 * and is kept on every location derived from the argument.
 *
 * <ul>
 *   <li>{@link #parent()}: the storage is opened at the argument's parent location (everything up
 *       to its last {@code /}) and the last segment is the key: {@code s3://bucket/a/b.txt} is key
 *       {@code b.txt} in {@code s3://bucket/a/}. Used by commands on one file.
 *   <li>{@link #folder()}: the storage is opened at the argument itself, as a folder ({@code /}
 *       appended): {@code s3://bucket/a} is {@code s3://bucket/a/} with every key below it. Used by
 *       {@code sync}, {@code rm --recursive}, and {@code ls}, {@code get}, {@code put} on folders.
 * </ul>
 *
 * <p>A remote argument is a folder when it ends with {@code /}; a local one also when it is an
 * existing directory. The key part of a URI is percent-decoded ({@code a%20b.txt} is
 * {@code a b.txt}); a local path is taken as it is.
 */
final class Target {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

  private final String text;
  private final Path path;
  private final String root;
  private final String dir;
  private final String name;
  private final String query;

  private Target(String text, Path path, String root, String dir, String name, String query) {
    this.text = text;
    this.path = path;
    this.root = root;
    this.dir = dir;
    this.name = name;
    this.query = query;
  }

  /**
   * Parses an argument.
   *
   * @throws CliException with {@link ExitCodes#USAGE} if it is empty or malformed
   */
  static Target parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new CliException(ExitCodes.USAGE, "an empty argument names no file; give a path or a URI");
    }
    if (!SCHEME.matcher(text).matches()) {
      return local(text, text);
    }
    String scheme = text.substring(0, text.indexOf(':')).toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      return local(text, fileUriPath(text));
    }
    String s = text;
    String query = "";
    int q = indexOfAny(s, '?', '#');
    if (q >= 0) {
      query = s.substring(q);
      s = s.substring(0, q);
    }
    int sep = s.indexOf("://");
    int rootEnd;
    if (sep >= 0) {
      int slash = s.indexOf('/', sep + 3);
      if (slash < 0) {
        s = s + "/";
        rootEnd = s.length();
      } else {
        rootEnd = slash + 1;
      }
      if (rootEnd == sep + 4) {
        throw new CliException(ExitCodes.USAGE, text + ": the URI names no bucket; write it as "
            + scheme + "://bucket/key");
      }
    } else {
      rootEnd = s.indexOf(':') + 1;
      while (rootEnd < s.length() && s.charAt(rootEnd) == '/') {
        rootEnd++;
      }
    }
    String root = s.substring(0, rootEnd);
    String rest = s.substring(rootEnd);
    int last = rest.lastIndexOf('/');
    return new Target(text, null, root, rest.substring(0, last + 1), rest.substring(last + 1), query);
  }

  private static Target local(String text, String pathText) {
    Path p;
    try {
      p = Path.of(pathText).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new CliException(ExitCodes.USAGE, text + ": not a valid local path: " + e.getReason());
    }
    boolean folder = text.endsWith("/") || Files.isDirectory(p);
    Path parent = p.getParent();
    String fileName = p.getFileName() == null ? "" : p.getFileName().toString();
    if (folder || parent == null) {
      return new Target(text, p, null, null, "", null);
    }
    return new Target(text, p, null, null, fileName, null);
  }

  /** The local path of a {@code file:} URI: {@code file:/a}, {@code file:///a}, {@code file://localhost/a}, {@code file:rel}. */
  private static String fileUriPath(String text) {
    String rest = text.substring("file:".length());
    int q = indexOfAny(rest, '?', '#');
    if (q >= 0) {
      throw new CliException(ExitCodes.USAGE, text + ": a file: URI takes no query or fragment");
    }
    if (rest.startsWith("//")) {
      rest = rest.substring(2);
      int slash = rest.indexOf('/');
      String host = slash < 0 ? rest : rest.substring(0, slash);
      if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
        throw new CliException(ExitCodes.USAGE, text + ": file: URIs name local files; remote host '"
            + host + "' is not supported");
      }
      rest = slash < 0 ? "/" : rest.substring(slash);
    }
    if (rest.isEmpty()) {
      throw new CliException(ExitCodes.USAGE, text + ": the file: URI names no path");
    }
    return decode(rest);
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  /** Decodes {@code %XX} escapes (UTF-8); anything else, including {@code +}, stays as it is. */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  /** The argument as the user gave it. */
  String text() {
    return text;
  }

  /** Whether the argument names the local disk ({@code file:} or a plain path). */
  boolean isLocal() {
    return path != null;
  }

  /** The absolute local path; only for {@link #isLocal() local} arguments. */
  Path path() {
    return path;
  }

  /** The URI scheme, lower case ({@code file} for local paths). */
  String scheme() {
    return isLocal() ? "file" : root.substring(0, root.indexOf(':')).toLowerCase(Locale.ROOT);
  }

  /** Whether the argument names a folder rather than one file (see the class comment). */
  boolean isFolder() {
    return name.isEmpty();
  }

  /** The last segment, decoded: the key in the {@link #parent()} location; empty for a folder. */
  String name() {
    return isLocal() ? name : decode(name);
  }

  /**
   * The location holding the named file; its key is {@link #name()}.
   *
   * @throws CliException with {@link ExitCodes#USAGE} if the argument names a folder
   */
  URI parent() {
    if (isFolder()) {
      throw new CliException(ExitCodes.USAGE, text + " names a folder; this command needs one file");
    }
    if (isLocal()) {
      return path.getParent().toUri();
    }
    return uri(root + dir + query);
  }

  /** The argument as a folder: a storage location with a trailing {@code /}. */
  URI folder() {
    if (isLocal()) {
      return path.toUri();
    }
    return uri(folderText() + query);
  }

  private String folderText() {
    return root + dir + (name.isEmpty() ? "" : name + "/");
  }

  /** The local folder of {@link #folder()}; only for local arguments. */
  Path folderPath() {
    return path;
  }

  /** The local folder of {@link #parent()}; only for local arguments. */
  Path parentPath() {
    return path.getParent();
  }

  /**
   * The deepest location holding both arguments' files, when both are in the same remote bucket
   * (same root and query): the storage a server-side copy runs in. {@code null} otherwise.
   */
  static URI commonParent(Target a, Target b) {
    if (a.isLocal() || b.isLocal() || !a.root.equals(b.root) || !a.query.equals(b.query)) {
      return null;
    }
    int n = 0;
    int max = Math.min(a.dir.length(), b.dir.length());
    for (int i = 0; i < max && a.dir.charAt(i) == b.dir.charAt(i); i++) {
      if (a.dir.charAt(i) == '/') {
        n = i + 1;
      }
    }
    return uri(a.root + a.dir.substring(0, n) + a.query);
  }

  /** The part of this argument's parent folder below {@code commonParent}'s folder, decoded. */
  String dirBelow(URI common) {
    String commonDir = common.toString();
    int q = query.isEmpty() ? commonDir.length() : commonDir.length() - query.length();
    String base = commonDir.substring(0, q);
    return decode((root + dir).substring(base.length()));
  }

  /** This argument as a folder, below {@code commonParent}'s folder, decoded: empty or ending in '/'. */
  String folderBelow(URI common) {
    return dirBelow(common) + (name.isEmpty() ? "" : decode(name) + "/");
  }

  /** Whether one folder contains the other (or they are the same). */
  static boolean overlap(Target a, Target b) {
    if (a.isLocal() != b.isLocal()) {
      return false;
    }
    if (a.isLocal()) {
      return a.path.startsWith(b.path) || b.path.startsWith(a.path);
    }
    if (!a.query.equals(b.query)) {
      return false;
    }
    String fa = a.folderText();
    String fb = b.folderText();
    return fa.startsWith(fb) || fb.startsWith(fa);
  }

  private static URI uri(String s) {
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      throw new CliException(ExitCodes.USAGE, s + ": not a valid URI (" + e.getReason()
          + "); percent-encode spaces and special characters, as %20");
    }
  }

  @Override
  public String toString() {
    return text;
  }
}

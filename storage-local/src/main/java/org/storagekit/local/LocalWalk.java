package org.storagekit.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.storagekit.StorageFile;
import org.storagekit.spi.AtomicFiles;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;

/**
 * Listing of a folder tree in the order object stores list keys (by code point, which is UTF-8
 * byte order), one page at a time. A page's token is the last key it returned, so any listing can
 * be resumed; the walk that produced a page is kept (a few at a time, by token) so the next page
 * continues it instead of walking again. A suspended walk holds no open directory: each folder is
 * read whole, sorted, and closed; memory is the folders on the current path.
 */
final class LocalWalk {
  /** Orders strings by code point: the UTF-8 byte order object stores list in. */
  static final Comparator<String> KEY_ORDER = LocalWalk::compareCodePoints;
  private static final int SUSPENDED = 64;

  private final Path root;
  private final Map<String, Cursor> suspended = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
      return size() > SUSPENDED;
    }
  };

  LocalWalk(Path root) {
    this.root = root;
  }

  /** One page of files whose names start with {@code request.prefix()}. */
  Page list(ListRequest request) throws IOException {
    String prefix = request.prefix();
    String token = request.pageToken();
    Cursor cursor = null;
    if (token != null) {
      synchronized (suspended) {
        cursor = suspended.remove(prefix + '\0' + token);
      }
    }
    if (cursor == null) {
      cursor = new Cursor(prefix, token);
    }
    List<StorageFile> files = new ArrayList<>();
    StorageFile f;
    while (files.size() < request.pageSize() && (f = cursor.next()) != null) {
      files.add(f);
    }
    if (files.size() < request.pageSize()) {
      return Page.last(files);
    }
    String last = files.get(files.size() - 1).key();
    synchronized (suspended) {
      suspended.put(prefix + '\0' + last, cursor);
    }
    return Page.of(files, last);
  }

  /** A depth-first walk in key order, skipping what the prefix and the resume token exclude. */
  private final class Cursor {
    private final String prefix;
    private final String after;
    private final Deque<Level> stack = new ArrayDeque<>();

    Cursor(String prefix, String after) throws IOException {
      this.prefix = prefix;
      this.after = after;
      int slash = prefix.lastIndexOf('/');
      String start = slash < 0 ? "" : prefix.substring(0, slash);
      Path dir = start.isEmpty() ? root : root.resolve(start);
      if (start.isEmpty() || (!passesThroughLink(dir) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))) {
        push(dir, start);
      }
    }

    StorageFile next() throws IOException {
      while (!stack.isEmpty()) {
        Level level = stack.peek();
        if (level.index == level.entries.size()) {
          stack.pop();
          continue;
        }
        Entry e = level.entries.get(level.index++);
        if (e.attrs.isDirectory()) {
          String dirPrefix = e.relative + "/";
          boolean matches = dirPrefix.startsWith(prefix) || prefix.startsWith(dirPrefix);
          boolean resumed = after == null || compareCodePoints(dirPrefix, after) > 0 || after.startsWith(dirPrefix);
          if (matches && resumed) {
            push(root.resolve(e.relative), e.relative);
          }
        } else if (e.attrs.isRegularFile() && e.relative.startsWith(prefix)
            && (after == null || compareCodePoints(e.relative, after) > 0)) {
          return LocalBackend.describe(e.relative, e.attrs);
        }
      }
      return null;
    }

    private void push(Path dir, String relative) throws IOException {
      List<Entry> entries = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        for (Path p : stream) {
          String name = p.getFileName().toString();
          if (AtomicFiles.isTempName(name)) {
            continue;
          }
          try {
            BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            entries.add(new Entry(relative.isEmpty() ? name : relative + "/" + name, attrs));
          } catch (NoSuchFileException e) {
            // removed while we read the folder
          }
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        return; // removed while we walked: nothing to list there
      }
      entries.sort((a, b) -> compareCodePoints(a.sortKey(), b.sortKey()));
      stack.push(new Level(entries));
    }
  }

  private boolean passesThroughLink(Path path) {
    for (Path p = path; p != null && !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        return true;
      }
    }
    return false;
  }

  /** One folder entry; folders sort as {@code name/}, where their keys are. */
  private record Entry(String relative, BasicFileAttributes attrs) {
    String sortKey() {
      return attrs.isDirectory() ? relative + "/" : relative;
    }
  }

  private static final class Level {
    final List<Entry> entries;
    int index;

    Level(List<Entry> entries) {
      this.entries = entries;
    }
  }

  static int compareCodePoints(String a, String b) {
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
}

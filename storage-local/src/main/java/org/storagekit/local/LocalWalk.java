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
import org.storagekit.spi.Keys;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;

/**
 * Listing of a folder tree in the order object stores list keys (by code point, which is UTF-8
 * byte order), one page at a time. A page's token is the last key (or folder) it returned, so any
 * listing can be resumed, and {@code startAfter} skips natively: the walk descends only into folders
 * that can hold a later key. The walk that produced a page is kept (a few at a time, by token) so the
 * next page continues it instead of walking again. A suspended walk holds no open directory: each
 * folder is read whole, sorted, and closed; memory is the folders on the current path.
 *
 * <p>A folder listing reads one directory level. A sub-directory is a folder only while a file is
 * somewhere below it, as on an object store [§18.1]; the check stops at the first file found, which
 * costs one directory read in the usual case (deletes prune the directories they empty, so only
 * directories left empty by other tools cost more).
 */
final class LocalWalk {
  /** Orders strings by code point: the UTF-8 byte order object stores list in. */
  static final Comparator<String> KEY_ORDER = Keys.UTF8_ORDER;
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

  /**
   * One page of files whose names start with {@code request.prefix()} and sort after its token or
   * {@code startAfter}; for a folder listing, one directory level: its files, and its
   * sub-directories that hold a file somewhere below as folders.
   */
  Page list(ListRequest request) throws IOException {
    String prefix = request.prefix();
    String token = request.pageToken();
    String id = (request.folders() ? "F" : "R") + prefix + '\0';
    Cursor cursor = null;
    if (token != null) {
      synchronized (suspended) {
        cursor = suspended.remove(id + token);
      }
    }
    if (cursor == null) {
      cursor = new Cursor(prefix, token != null ? token : request.startAfter(), request.folders());
    }
    List<StorageFile> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    Entry e = null;
    while (files.size() + folders.size() < request.pageSize() && (e = cursor.next()) != null) {
      if (e.attrs.isDirectory()) {
        folders.add(e.sortKey());
      } else {
        files.add(LocalBackend.describe(e.relative, e.attrs));
      }
    }
    if (e == null) {
      return Page.withFolders(files, folders, null);
    }
    synchronized (suspended) {
      suspended.put(id + e.sortKey(), cursor);
    }
    return Page.withFolders(files, folders, e.sortKey());
  }

  /**
   * A depth-first walk in key order, skipping what the prefix and the resume point exclude; for a
   * folder listing, one level.
   */
  private final class Cursor {
    private final String prefix;
    private final String after;
    private final boolean folders;
    private final Deque<Level> stack = new ArrayDeque<>();

    Cursor(String prefix, String after, boolean folders) throws IOException {
      this.prefix = prefix;
      this.after = after;
      this.folders = folders;
      int slash = prefix.lastIndexOf('/');
      String start = slash < 0 ? "" : prefix.substring(0, slash);
      Path dir = start.isEmpty() ? root : root.resolve(start);
      if (start.isEmpty() || (!passesThroughLink(dir) && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))) {
        push(dir, start);
      }
    }

    Entry next() throws IOException {
      while (!stack.isEmpty()) {
        Level level = stack.peek();
        if (level.index == level.entries.size()) {
          stack.pop();
          continue;
        }
        Entry e = level.entries.get(level.index++);
        if (e.attrs.isDirectory() && folders) {
          String folder = e.sortKey();
          if (folder.startsWith(prefix) && (after == null || Keys.UTF8_ORDER.compare(folder, after) > 0)
              && holdsFile(root.resolve(e.relative))) {
            return e;
          }
        } else if (e.attrs.isDirectory()) {
          String dirPrefix = e.relative + "/";
          boolean matches = dirPrefix.startsWith(prefix) || prefix.startsWith(dirPrefix);
          boolean resumed = after == null || Keys.UTF8_ORDER.compare(dirPrefix, after) > 0 || after.startsWith(dirPrefix);
          if (matches && resumed) {
            push(root.resolve(e.relative), e.relative);
          }
        } else if (e.attrs.isRegularFile() && e.relative.startsWith(prefix)
            && (after == null || Keys.UTF8_ORDER.compare(e.relative, after) > 0)) {
          return e;
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
          BasicFileAttributes attrs = attributes(p);
          if (attrs != null) {
            entries.add(new Entry(relative.isEmpty() ? name : relative + "/" + name, attrs));
          }
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        return; // removed while we walked: nothing to list there
      }
      entries.sort((a, b) -> Keys.UTF8_ORDER.compare(a.sortKey(), b.sortKey()));
      stack.push(new Level(entries));
    }
  }

  /**
   * Whether a regular file (not a temp file) is somewhere below {@code dir}: a folder exists while a
   * key is below it [§18.1]. Stops at the first file, which is usually among the first entries read.
   */
  private static boolean holdsFile(Path dir) throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        BasicFileAttributes attrs = AtomicFiles.isTempName(p.getFileName().toString()) ? null : attributes(p);
        if (attrs != null && (attrs.isRegularFile() || (attrs.isDirectory() && holdsFile(p)))) {
          return true;
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      // removed while we looked
    }
    return false;
  }

  /** An entry's attributes, or null if it was removed while we read the folder. */
  private static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
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

}

package org.storagekit.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.storagekit.StorageEntry;
import org.storagekit.StorageFile;
import org.storagekit.StorageFolder;

/**
 * Lazy listings: nothing is read until the stream is consumed, then pages are fetched as it is
 * [§2.1, §19.2]; names lose the storage's prefix; directory markers and names outside the prefix
 * are dropped [§2.4]; names at or before a {@code startAfter} are dropped whatever the backend did
 * with it [§2.9]; every listed file is recorded in the metadata cache as what a listing knows.
 */
final class Listings {
  static final int PAGE_SIZE = 1000;

  private final StorageContext context;
  private final StorageBackend backend;
  private final Failures failures;
  private final MetadataCache cache;

  Listings(StorageContext context, StorageBackend backend, Failures failures, MetadataCache cache) {
    this.context = context;
    this.backend = backend;
    this.failures = failures;
    this.cache = cache;
  }

  /** Every file whose key starts with {@code keyPrefix} and sorts after {@code startAfter}, lazily. */
  Stream<StorageFile> list(String keyPrefix, String startAfter) {
    ListRequest first = ListRequest.first(context.nameOf(keyPrefix), PAGE_SIZE).startingAfter(nameAfter(startAfter));
    return stream(new Entries(first, startAfter)).map(StorageFile.class::cast);
  }

  /** The files and sub-folders directly below {@code folder} (empty, or ending in {@code /}), lazily. */
  Stream<StorageEntry> listFolder(String folder, String startAfter) {
    ListRequest first = ListRequest.firstFolder(context.nameOf(folder), PAGE_SIZE).startingAfter(nameAfter(startAfter));
    return stream(new Entries(first, startAfter));
  }

  private String nameAfter(String startAfter) {
    return startAfter == null || startAfter.isEmpty() ? null : context.nameOf(startAfter);
  }

  private static <T> Stream<T> stream(Iterator<T> it) {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  private final class Entries implements Iterator<StorageEntry> {
    private final String startAfter;
    private ListRequest request;
    private Iterator<StorageEntry> page = Collections.emptyIterator();
    private StorageEntry next;

    Entries(ListRequest first, String startAfter) {
      this.request = first;
      this.startAfter = startAfter == null || startAfter.isEmpty() ? null : startAfter;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        while (!page.hasNext()) {
          if (request == null) {
            return false;
          }
          ListRequest asked = request;
          Page p = failures.call(null, () -> backend.list(asked));
          page = entries(asked, p).iterator();
          request = p.nextToken().map(asked::next).orElse(null);
        }
        StorageEntry e = page.next();
        if (startAfter == null || Keys.UTF8_ORDER.compare(e.key(), startAfter) > 0) {
          next = e;
        }
      }
      return true;
    }

    /** A page's files and folders as the caller's entries, in UTF-8 order within the page. */
    private List<StorageEntry> entries(ListRequest asked, Page p) {
      String prefix = context.prefix();
      List<StorageEntry> out = new ArrayList<>(p.files().size() + p.folders().size());
      for (StorageFile f : p.files()) {
        String name = f.key();
        if (name.endsWith("/") || !name.startsWith(prefix) || name.length() == prefix.length()) {
          continue; // directory markers are not files [§2.4]
        }
        if (asked.folders() && name.indexOf('/', asked.prefix().length()) >= 0) {
          continue; // not directly in the folder; a backend that lists too deep is not trusted with it
        }
        StorageFile file = f.withKey(name.substring(prefix.length()));
        cache.putListed(file.key(), file);
        out.add(file);
      }
      for (String folder : p.folders()) {
        if (folder.startsWith(asked.prefix()) && folder.length() > asked.prefix().length() + 1
            && folder.endsWith("/")) {
          out.add(new StorageFolder(folder.substring(prefix.length())));
        }
      }
      if (!p.folders().isEmpty()) {
        out.sort(Comparator.comparing(StorageEntry::key, Keys.UTF8_ORDER));
      }
      return out;
    }

    @Override
    public StorageEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StorageEntry e = next;
      next = null;
      return e;
    }
  }
}

package org.storagekit.spi;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.storagekit.StorageFile;

/**
 * Lazy listings: pages are fetched only as the stream is consumed [§2.1]; names lose the storage's
 * prefix; directory markers and names outside the prefix are dropped [§2.4]; every listed file is
 * recorded in the metadata cache.
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

  /** Every file whose key starts with {@code keyPrefix}, as a lazy stream. */
  Stream<StorageFile> list(String keyPrefix) {
    Iterator<StorageFile> files = new Files(ListRequest.first(context.nameOf(keyPrefix), PAGE_SIZE));
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(files, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  private final class Files implements Iterator<StorageFile> {
    private ListRequest request;
    private Iterator<StorageFile> page = Collections.emptyIterator();
    private StorageFile next;

    Files(ListRequest first) {
      this.request = first;
    }

    @Override
    public boolean hasNext() {
      String prefix = context.prefix();
      while (next == null) {
        while (!page.hasNext()) {
          if (request == null) {
            return false;
          }
          ListRequest asked = request;
          Page p = failures.call(null, () -> backend.list(asked));
          page = p.files().iterator();
          request = p.nextToken().map(asked::next).orElse(null);
        }
        StorageFile f = page.next();
        String name = f.key();
        if (name.endsWith("/") || !name.startsWith(prefix) || name.length() == prefix.length()) {
          continue; // directory markers are not files [§2.4]
        }
        next = f.withKey(name.substring(prefix.length()));
        cache.put(next.key(), java.util.Optional.of(next));
      }
      return true;
    }

    @Override
    public StorageFile next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StorageFile f = next;
      next = null;
      return f;
    }
  }
}

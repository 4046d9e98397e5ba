package org.storagekit.cli;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.storagekit.StorageFile;
import org.storagekit.spi.Keys;

/**
 * Merges two listings that are each in UTF-8 byte order into one pass of pairs, one per key, in
 * that order: {@code sync}, {@code check} and the like hold two files at a time, whatever the size
 * of the trees. A listing out of order fails the run with {@link ExitCodes#STORAGE} rather than
 * reporting files as missing that are not.
 */
final class Merge implements Iterator<Merge.Pair> {
  /** One key: its source file, its destination file, either {@code null} when that side lacks it. */
  record Pair(String key, StorageFile source, StorageFile destination) {}

  private final Side source;
  private final Side destination;

  Merge(Iterator<StorageFile> source, String sourceName, Iterator<StorageFile> destination, String destinationName) {
    this.source = new Side(source, sourceName);
    this.destination = new Side(destination, destinationName);
  }

  /** Orders keys as object stores list them: the byte order of their UTF-8 encoding. */
  static int compare(String a, String b) {
    return Keys.UTF8_ORDER.compare(a, b);
  }


  @Override
  public boolean hasNext() {
    return source.head != null || destination.head != null;
  }

  @Override
  public Pair next() {
    StorageFile s = source.head;
    StorageFile d = destination.head;
    if (s == null && d == null) {
      throw new NoSuchElementException();
    }
    int c = s == null ? 1 : d == null ? -1 : compare(s.key(), d.key());
    Pair p = new Pair(c <= 0 ? s.key() : d.key(), c <= 0 ? s : null, c >= 0 ? d : null);
    if (c <= 0) {
      source.advance();
    }
    if (c >= 0) {
      destination.advance();
    }
    return p;
  }

  /** One listing, one file ahead, checked to be in strictly ascending order. */
  private static final class Side {
    private final Iterator<StorageFile> it;
    private final String name;
    StorageFile head;

    Side(Iterator<StorageFile> it, String name) {
      this.it = it;
      this.name = name;
      advance();
    }

    void advance() {
      StorageFile previous = head;
      head = it.hasNext() ? it.next() : null;
      if (previous != null && head != null && compare(previous.key(), head.key()) >= 0) {
        throw new CliException(ExitCodes.STORAGE, name + " listed '" + head.key() + "' after '" + previous.key()
            + "': not in UTF-8 byte order, which comparing two listings in one pass needs; nothing more was done");
      }
    }
  }
}

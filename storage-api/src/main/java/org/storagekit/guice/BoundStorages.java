package org.storagekit.guice;

import com.google.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.storagekit.Storage;
import org.storagekit.StorageException;

/**
 * Every storage the injector's {@link StorageModule}s have opened, in one place, so the application
 * can flush and close them all at shutdown without losing a background failure. One per injector.
 */
@Singleton
public final class BoundStorages implements AutoCloseable {
  private final List<Storage> opened = new ArrayList<>();

  BoundStorages() {}

  synchronized Storage register(Storage storage) {
    opened.add(storage);
    return storage;
  }

  /** The storages opened so far, in the order they were opened. */
  public synchronized List<Storage> opened() {
    return List.copyOf(opened);
  }

  /**
   * Flushes and closes every opened storage, the last opened first; each one is closed even when
   * another fails. Later calls do nothing.
   *
   * @throws StorageException naming every storage whose background uploads or close failed, with
   *     each failure suppressed in it; a single failure is thrown as it is
   */
  @Override
  public void close() {
    List<Storage> toClose;
    synchronized (this) {
      toClose = new ArrayList<>(opened);
      opened.clear();
    }
    Map<String, RuntimeException> failed = new LinkedHashMap<>();
    for (int i = toClose.size() - 1; i >= 0; i--) {
      Storage s = toClose.get(i);
      try {
        s.close();
      } catch (RuntimeException e) {
        failed.put(s.uri().toString(), e);
      }
    }
    if (failed.size() == 1) {
      throw failed.values().iterator().next();
    }
    if (!failed.isEmpty()) {
      StorageException e = new StorageException(null, null, failed.size() + " storages failed to close: "
          + failed.keySet(), failed.values().iterator().next());
      failed.values().stream().skip(1).forEach(e::addSuppressed);
      throw e;
    }
  }


}

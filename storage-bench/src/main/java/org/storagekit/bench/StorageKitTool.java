package org.storagekit.bench;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.storagekit.Storage;
import org.storagekit.StorageFile;

/** StorageKit itself: the public {@link Storage} API on one backend. */
final class StorageKitTool implements Tool {
  private final String name;
  private final Function<String, Storage> opener;
  private Storage root;

  /**
   * @param name printed name
   * @param opener opens the backend's storage at a prefix ({@code ""} for the bucket's root, or
   *     {@code "p/"})
   */
  StorageKitTool(String name, Function<String, Storage> opener) {
    this.name = name;
    this.opener = opener;
  }

  @Override
  public String name() {
    return name;
  }

  private Storage root() {
    if (root == null) {
      root = opener.apply("");
    }
    return root;
  }

  @Override
  public void upload(Path file, String key) {
    Storage s = root();
    s.addFile(file, key);
    s.flush();
  }

  @Override
  public void download(String key, Path file) {
    root().getFile(key, file);
  }

  @Override
  public void uploadDir(Path dir, String prefix) {
    root().addDirectory(dir, prefix);
  }

  @Override
  public void downloadDir(String prefix, Path dir) {
    try (Storage s = opener.apply(prefix + "/")) {
      s.getAllFiles(dir);
    }
  }

  @Override
  public long list(String prefix) {
    try (Stream<StorageFile> files = root().list(prefix + "/")) {
      return files.count();
    }
  }

  @Override
  public void close() {
    if (root != null) {
      root.close();
      root = null;
    }
  }
}

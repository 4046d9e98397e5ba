package org.storagekit.tck;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.storagekit.Capability;
import org.storagekit.DeleteSummary;
import org.storagekit.Precondition;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageEntry;
import org.storagekit.StorageFile;
import org.storagekit.TransferSummary;
import org.storagekit.WriteOptions;

/**
 * A storage that forwards every call to another: a broken storage overrides one method. This is how
 * a third party could bypass the engine (by implementing {@link Storage} itself), and what the TCK
 * must then catch.
 */
class ForwardingStorage implements Storage {
  final Storage delegate;

  ForwardingStorage(Storage delegate) {
    this.delegate = delegate;
  }

  @Override
  public URI uri() {
    return delegate.uri();
  }

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public Stream<StorageFile> list() {
    return delegate.list();
  }

  @Override
  public Stream<StorageFile> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public Optional<StorageFile> get(String key) {
    return delegate.get(key);
  }

  @Override
  public boolean contains(String key) {
    return delegate.contains(key);
  }

  @Override
  public Path getFile(String key) {
    return delegate.getFile(key);
  }

  @Override
  public Path getFile(String key, Path local, ProgressListener progress) {
    return delegate.getFile(key, local, progress);
  }

  @Override
  public TransferSummary getAllFiles(Path directory, ProgressListener progress) {
    return delegate.getAllFiles(directory, progress);
  }

  @Override
  public InputStream open(String key) {
    return delegate.open(key);
  }

  @Override
  public InputStream open(String key, long offset, long length) {
    return delegate.open(key, offset, length);
  }

  @Override
  public StorageFile put(String key, Path local) {
    return delegate.put(key, local);
  }

  @Override
  public StorageFile put(String key, InputStream content, ProgressListener progress) {
    return delegate.put(key, content, progress);
  }

  @Override
  public CompletableFuture<StorageFile> addFile(Path local, String key, ProgressListener progress) {
    return delegate.addFile(local, key, progress);
  }

  @Override
  public CompletableFuture<StorageFile> addFile(InputStream content, String key) {
    return delegate.addFile(content, key);
  }

  @Override
  public TransferSummary addDirectory(Path local, String remotePrefix, ProgressListener progress) {
    return delegate.addDirectory(local, remotePrefix, progress);
  }

  @Override
  public StorageFile copy(String source, String target) {
    return delegate.copy(source, target);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public boolean remove(String key) {
    return delegate.remove(key);
  }

  @Override
  public Stream<StorageFile> list(String prefix, String startAfter) {
    return delegate.list(prefix, startAfter);
  }

  @Override
  public Stream<StorageEntry> listFolder(String folder, String startAfter) {
    return delegate.listFolder(folder, startAfter);
  }

  @Override
  public Path getFile(String key, Path local, Precondition condition, ProgressListener progress) {
    return delegate.getFile(key, local, condition, progress);
  }

  @Override
  public InputStream open(String key, Precondition condition) {
    return delegate.open(key, condition);
  }

  @Override
  public StorageFile put(String key, Path local, WriteOptions options) {
    return delegate.put(key, local, options);
  }

  @Override
  public StorageFile put(String key, InputStream content, WriteOptions options, ProgressListener progress) {
    return delegate.put(key, content, options, progress);
  }

  @Override
  public CompletableFuture<StorageFile> addFile(Path local, String key, WriteOptions options,
      ProgressListener progress) {
    return delegate.addFile(local, key, options, progress);
  }

  @Override
  public CompletableFuture<StorageFile> addFile(InputStream content, String key, WriteOptions options) {
    return delegate.addFile(content, key, options);
  }

  @Override
  public TransferSummary addDirectory(Path local, String remotePrefix, WriteOptions options,
      ProgressListener progress) {
    return delegate.addDirectory(local, remotePrefix, options, progress);
  }

  @Override
  public StorageFile copy(String source, String target, WriteOptions options) {
    return delegate.copy(source, target, options);
  }

  @Override
  public DeleteSummary deleteAll(Iterable<String> keys) {
    return delegate.deleteAll(keys);
  }

  @Override
  public URI presignGet(String key, Duration expiry) {
    return delegate.presignGet(key, expiry);
  }

  @Override
  public URI presignPut(String key, Duration expiry, String contentType) {
    return delegate.presignPut(key, expiry, contentType);
  }

  @Override
  public void update() {
    delegate.update();
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Storage && uri().equals(((Storage) o).uri());
  }

  @Override
  public int hashCode() {
    return uri().hashCode();
  }
}

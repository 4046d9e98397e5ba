package org.storagekit.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.storagekit.Capability;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.spi.AbstractStorage;
import org.storagekit.spi.AtomicFiles;
import org.storagekit.spi.BoundedInputStream;
import org.storagekit.spi.ContentChecksum;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.Transfers;

/**
 * A folder on the local disk as the bucket. Every write goes to a temp file in the target's folder
 * and is renamed into place atomically; readers never see a partial file. Transfers are verified
 * with CRC32C: the bytes read from the source are checksummed as they are copied, and the written
 * temp file is read back and must match before it is renamed into place.
 */
final class LocalStorage extends AbstractStorage {
  static final Set<Capability> CAPABILITIES =
      EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.ETAG);
  private static final int BUFFER = 1 << 20;
  /** User extended attribute holding a file's CRC32C, size and modification time. */
  static final String CHECKSUM_ATTRIBUTE = "storagekit.crc32c";
  private static final int CHECKSUM_RECORD_BYTES = 4 + 8 + 8;

  private final Path root;

  LocalStorage(Path root, URI uri, org.storagekit.StorageOptions options) {
    super(uri, "", CAPABILITIES, options);
    this.root = root;
  }

  // ---------------------------------------------------------------- listing

  @Override
  protected Iterator<StorageFile> listObjects(String namePrefix) throws IOException {
    int slash = namePrefix.lastIndexOf('/');
    String startRelative = slash < 0 ? "" : namePrefix.substring(0, slash);
    Path start = startRelative.isEmpty() ? root : root.resolve(startRelative);
    if (!startRelative.isEmpty() && (passesThroughLink(start) || !Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS))) {
      return java.util.Collections.emptyIterator();
    }
    return new Walk(start, startRelative, namePrefix);
  }

  /** A lazy depth-first walk holding one open directory stream per level. */
  private final class Walk implements Iterator<StorageFile>, AutoCloseable {
    private final Deque<Level> stack = new ArrayDeque<>();
    private final String namePrefix;
    private StorageFile next;

    Walk(Path start, String relative, String namePrefix) throws IOException {
      this.namePrefix = namePrefix;
      push(start, relative);
    }

    private void push(Path dir, String relative) throws IOException {
      try {
        DirectoryStream<Path> stream = Files.newDirectoryStream(dir);
        stack.push(new Level(stream, relative));
      } catch (NoSuchFileException e) {
        // removed while we walked: nothing to list there
      }
    }

    @Override
    public boolean hasNext() {
      try {
        while (next == null && !stack.isEmpty()) {
          Level level = stack.peek();
          if (!level.entries.hasNext()) {
            stack.pop().stream.close();
            continue;
          }
          Path entry = level.entries.next();
          String name = entry.getFileName().toString();
          String relative = level.relative.isEmpty() ? name : level.relative + "/" + name;
          BasicFileAttributes attrs;
          try {
            attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          } catch (NoSuchFileException e) {
            continue;
          }
          if (attrs.isDirectory()) {
            String dirPrefix = relative + "/";
            if (dirPrefix.startsWith(namePrefix) || namePrefix.startsWith(dirPrefix)) {
              push(entry, relative);
            }
          } else if (attrs.isRegularFile() && !AtomicFiles.isTempName(name) && relative.startsWith(namePrefix)) {
            next = describe(relative, attrs);
          }
        }
        return next != null;
      } catch (IOException e) {
        throw LocalErrors.translate(uri(), null, e);
      }
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

    @Override
    public void close() throws IOException {
      while (!stack.isEmpty()) {
        stack.pop().stream.close();
      }
    }
  }

  private static final class Level {
    final DirectoryStream<Path> stream;
    final Iterator<Path> entries;
    final String relative;

    Level(DirectoryStream<Path> stream, String relative) {
      this.stream = stream;
      this.entries = stream.iterator();
      this.relative = relative;
    }
  }

  // ---------------------------------------------------------------- reading

  @Override
  protected Optional<StorageFile> statObject(String name) throws IOException {
    Path path = resolve(name);
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attrs.isRegularFile() ? Optional.of(describe(name, attrs)) : Optional.empty();
    } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw LocalErrors.translate(uri(), name, e);
    }
  }

  @Override
  protected InputStream openObject(String name, long offset, long length) throws IOException {
    FileChannel channel = openRegular(name);
    try {
      channel.position(offset);
      InputStream in = Channels.newInputStream(channel);
      return length < 0 ? in : new BoundedInputStream(in, length);
    } catch (IOException e) {
      channel.close();
      throw LocalErrors.translate(uri(), name, e);
    }
  }

  @Override
  protected void getObject(String name, StorageFile meta, Path temp, TransferProgress progress) throws IOException {
    Optional<ContentChecksum> recorded =
        options().verifyChecksums() ? recordedChecksum(resolve(name)) : Optional.empty();
    ContentChecksum received;
    try (FileChannel source = openRegular(name)) {
      received = copy(source, temp, progress);
    }
    if (recorded.isPresent()) {
      verifyChecksum(name, recorded.get(), received); // catches bit rot since the file was written
    } else if (received != null) {
      readBack(temp, received, name); // a file another tool wrote: check at least our own copy
    }
  }

  // ---------------------------------------------------------------- writing

  @Override
  protected StorageFile putFile(String name, Path file, long size, TransferProgress progress) throws IOException {
    try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
      return write(name, source, progress);
    }
  }

  @Override
  protected StorageFile putStream(String name, InputStream content, TransferProgress progress) throws IOException {
    return write(name, Channels.newChannel(content), progress);
  }

  @Override
  protected StorageFile copyObject(String source, String target) throws IOException {
    try (FileChannel in = openRegular(source)) {
      return write(target, in, new TransferProgress(org.storagekit.ProgressListener.none(), target, -1));
    }
  }

  @Override
  protected void deleteObject(String name) throws IOException {
    Path path = resolve(name);
    try {
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        return; // a folder is not a file: nothing stored under this key
      }
      if (!Files.deleteIfExists(path)) {
        return;
      }
    } catch (java.nio.file.NotDirectoryException e) {
      return;
    } catch (IOException e) {
      throw LocalErrors.translate(uri(), name, e);
    }
    // prune folders the delete left empty, so keys and folders stay in step
    for (Path dir = path.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
      try {
        Files.delete(dir);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        break;
      } catch (IOException e) {
        break;
      }
    }
  }

  private StorageFile write(String name, ReadableByteChannel source, TransferProgress progress) throws IOException {
    Path target = resolve(name);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new org.storagekit.PreconditionFailedException(uri(), name,
          "a folder exists at this key on the local disk; a key cannot be both a file and a prefix here");
    }
    try {
      AtomicFiles.write(target, temp -> {
        ContentChecksum sent = copy(source, temp, progress);
        if (sent != null && !recordChecksum(temp, sent)) {
          readBack(temp, sent, name);
        }
      });
      return describe(name, Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      throw LocalErrors.translate(uri(), name, e);
    }
  }

  /**
   * Copies {@code source} into {@code temp} and returns the CRC32C of the bytes copied, or
   * {@code null} when verification is off.
   */
  private ContentChecksum copy(ReadableByteChannel source, Path temp, TransferProgress progress) throws IOException {
    ContentChecksum.Hasher hasher = options().verifyChecksums()
        ? ContentChecksum.hasher(ContentChecksum.Algorithm.CRC32C) : null;
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      Transfers.copy(source, out, ByteBuffer.allocateDirect(BUFFER), hasher, progress);
    }
    return hasher == null ? null : hasher.finish();
  }

  /**
   * Verifies a freshly written temp file where no recorded checksum can vouch for it later: reads
   * it back and compares with what was sent, so a short or corrupted write never reaches the rename.
   */
  private void readBack(Path temp, ContentChecksum sent, String name) throws IOException {
    ContentChecksum.Hasher written = ContentChecksum.hasher(ContentChecksum.Algorithm.CRC32C);
    ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    try (FileChannel in = FileChannel.open(temp, StandardOpenOption.READ)) {
      while (in.read(buffer) >= 0) {
        buffer.flip();
        written.update(buffer);
        buffer.clear();
      }
    }
    verifyChecksum(name, sent, written.finish());
  }

  /**
   * Records the CRC32C of a written file in a user extended attribute, with the size and
   * modification time it belongs to, so every later read can verify against it. Returns false where
   * the file system keeps no user attributes.
   */
  private static boolean recordChecksum(Path file, ContentChecksum crc) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return false;
    }
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      ByteBuffer record = ByteBuffer.allocate(CHECKSUM_RECORD_BYTES)
          .put(crc.value())
          .putLong(attrs.size())
          .putLong(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
      record.flip();
      view.write(CHECKSUM_ATTRIBUTE, record);
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /**
   * The CRC32C recorded for a file, if there is one and it still belongs to the file's current size
   * and modification time (another tool may have rewritten the file in place since).
   */
  private static Optional<ContentChecksum> recordedChecksum(Path file) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return Optional.empty();
    }
    try {
      if (!view.list().contains(CHECKSUM_ATTRIBUTE) || view.size(CHECKSUM_ATTRIBUTE) != CHECKSUM_RECORD_BYTES) {
        return Optional.empty();
      }
      ByteBuffer record = ByteBuffer.allocate(CHECKSUM_RECORD_BYTES);
      view.read(CHECKSUM_ATTRIBUTE, record);
      record.flip();
      byte[] crc = new byte[4];
      record.get(crc);
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (record.getLong() != attrs.size()
          || record.getLong() != attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)) {
        return Optional.empty();
      }
      return Optional.of(ContentChecksum.of(ContentChecksum.Algorithm.CRC32C, crc));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- paths

  private FileChannel openRegular(String name) throws IOException {
    Path path = resolve(name);
    try {
      if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        throw notFound(name, null);
      }
      return FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw LocalErrors.translate(uri(), name, e);
    }
  }

  /** The file for a name, refusing any path that would leave the root through a symbolic link. */
  private Path resolve(String name) {
    Path path = root.resolve(name).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new StorageException(uri(), name, "resolves outside the storage root");
    }
    if (passesThroughLink(path)) {
      throw new org.storagekit.AccessDeniedException(uri(), name,
          "refusing to follow a symbolic link inside the storage root");
    }
    return path;
  }

  private boolean passesThroughLink(Path path) {
    for (Path p = path; p != null && !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        return true;
      }
    }
    return false;
  }

  private static StorageFile describe(String key, BasicFileAttributes attrs) {
    long modifiedNanos = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    Object fileKey = attrs.fileKey();
    String etag = Long.toHexString(modifiedNanos) + "-" + Long.toHexString(attrs.size())
        + (fileKey == null ? "" : "-" + Integer.toHexString(fileKey.hashCode()));
    return StorageFile.of(key, attrs.size(), attrs.lastModifiedTime().toInstant(), etag);
  }

}

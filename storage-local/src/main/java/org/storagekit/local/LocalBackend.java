package org.storagekit.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.storagekit.AccessDeniedException;
import org.storagekit.Capability;
import org.storagekit.PreconditionFailedException;
import org.storagekit.ProgressListener;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.spi.AtomicFiles;
import org.storagekit.spi.BoundedInputStream;
import org.storagekit.Checksum;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.DownloadRequest;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.StorageBackend;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.TransferProgress;
import org.storagekit.spi.Transfers;
import org.storagekit.spi.WriteRequest;

/**
 * A folder on the local disk as the bucket. Every write goes to a temp file in the target's folder
 * and is renamed into place atomically; readers never see a partial file. Transfers are verified
 * with CRC32C: the bytes are checksummed as they are copied and the checksum is recorded with the
 * file ({@link ChecksumRecord}); every read is verified against the record, and where none can vouch
 * the written temp file is read back before the rename.
 */
final class LocalBackend implements StorageBackend {
  static final Set<Capability> CAPABILITIES =
      EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY, Capability.ETAG);
  private static final int BUFFER = 1 << 20;

  private final StorageContext context;
  private final Path root;
  private final LocalWalk walk;

  LocalBackend(StorageContext context, Path root) {
    this.context = context;
    this.root = root;
    this.walk = new LocalWalk(root);
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Page list(ListRequest request) throws IOException {
    return walk.list(request);
  }

  @Override
  public Optional<StorageFile> stat(String name) throws IOException {
    try {
      BasicFileAttributes attrs = Files.readAttributes(resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attrs.isRegularFile() ? Optional.of(describe(name, attrs)) : Optional.empty();
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    }
  }

  @Override
  public InputStream read(ReadRequest request) throws IOException {
    FileChannel channel = openRegular(request.name());
    try {
      channel.position(request.offset());
      InputStream in = Channels.newInputStream(channel);
      return request.length() < 0 ? in : new BoundedInputStream(in, request.length());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void download(DownloadRequest request) throws IOException {
    String name = request.name();
    Optional<Checksum> recorded =
        request.verifyChecksums() ? ChecksumRecord.read(resolve(name)) : Optional.empty();
    Checksum received;
    try (FileChannel source = openRegular(name)) {
      received = copy(source, request.temp(), request.progress(), request.verifyChecksums());
    }
    if (recorded.isPresent()) {
      context.verify(name, recorded.get(), received); // catches bit rot since the file was written
    } else if (received != null) {
      readBack(request.temp(), received, name); // a file another tool wrote: check at least our own copy
    }
  }

  @Override
  public StorageFile write(WriteRequest request) throws IOException {
    if (request.file().isPresent()) {
      try (FileChannel source = FileChannel.open(request.file().get(), StandardOpenOption.READ)) {
        return write(request.name(), source, request.progress());
      }
    }
    return write(request.name(), Channels.newChannel(request.stream().orElseThrow()), request.progress());
  }

  @Override
  public StorageFile copy(CopyRequest request) throws IOException {
    try (FileChannel in = openRegular(request.source())) {
      return write(request.target(), in, new TransferProgress(ProgressListener.none(), request.target(), -1));
    }
  }

  @Override
  public void delete(String name) throws IOException {
    Path path = resolve(name);
    try {
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) || !Files.deleteIfExists(path)) {
        return; // a folder is not a file: nothing stored under this key
      }
    } catch (NotDirectoryException e) {
      return;
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

  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    return LocalErrors.translate(context.uri(), key, error);
  }

  private StorageFile write(String name, ReadableByteChannel source, TransferProgress progress) throws IOException {
    Path target = resolve(name);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new PreconditionFailedException(context.uri(), context.keyOf(name),
          "a folder exists at this key on the local disk; a key cannot be both a file and a prefix here");
    }
    boolean verify = context.options().verifyChecksums();
    AtomicFiles.write(target, temp -> {
      Checksum sent = copy(source, temp, progress, verify);
      if (sent != null && !ChecksumRecord.write(temp, sent)) {
        readBack(temp, sent, name);
      }
    });
    return describe(name, Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
  }

  /** Copies {@code source} into {@code temp}; returns the CRC32C of the bytes, or null without verification. */
  private static Checksum copy(ReadableByteChannel source, Path temp, TransferProgress progress, boolean verify)
      throws IOException {
    Checksum.Hasher hasher = verify ? Checksum.hasher(Checksum.Algorithm.CRC32C) : null;
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      Transfers.copy(source, out, ByteBuffer.allocateDirect(BUFFER), hasher, progress);
    }
    return hasher == null ? null : hasher.finish();
  }

  /**
   * Verifies a freshly written temp file where no recorded checksum can vouch for it later: reads
   * it back and compares with what was sent, so a short or corrupted write never reaches the rename.
   */
  private void readBack(Path temp, Checksum sent, String name) throws IOException {
    context.verify(name, sent, Checksum.of(Checksum.Algorithm.CRC32C, temp, 0, -1));
  }

  private FileChannel openRegular(String name) throws IOException {
    Path path = resolve(name);
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      throw context.notFound(name, null);
    }
    return FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  }

  /** The file for a name, refusing any path that would leave the root through a symbolic link. */
  private Path resolve(String name) {
    Path path = root.resolve(name).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new StorageException(context.uri(), context.keyOf(name), "resolves outside the storage root");
    }
    for (Path p = path; p != null && !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        throw new AccessDeniedException(context.uri(), context.keyOf(name),
            "refusing to follow a symbolic link inside the storage root");
      }
    }
    return path;
  }

  /** A file's description; the ETag is a version tag (mtime in ns, size, inode hash), not a content hash. */
  static StorageFile describe(String key, BasicFileAttributes attrs) {
    long modifiedNanos = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    Object fileKey = attrs.fileKey();
    String etag = Long.toHexString(modifiedNanos) + "-" + Long.toHexString(attrs.size())
        + (fileKey == null ? "" : "-" + Integer.toHexString(fileKey.hashCode()));
    return StorageFile.of(key, attrs.size(), attrs.lastModifiedTime().toInstant(), etag);
  }
}

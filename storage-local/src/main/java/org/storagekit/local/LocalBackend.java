package org.storagekit.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.storagekit.AccessDeniedException;
import org.storagekit.Capability;
import org.storagekit.Precondition;
import org.storagekit.PreconditionFailedException;
import org.storagekit.ProgressListener;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.WriteOptions;
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
 * and is committed atomically under the folder's {@link DirectoryLock}: renamed into place, linked
 * into place for create-only writes (a hard link cannot replace a file), or renamed after the ETag
 * check of a compare-and-swap; a failed condition removes the temp file. Readers never see a partial
 * file. Transfers are verified with CRC32C: the bytes are checksummed as they are copied and the
 * checksum is recorded with the file's content type, headers and metadata ({@link ChecksumRecord});
 * stat returns them, reads verify against the record, and where none can vouch the written temp
 * file is read back before the commit. Listings carry what one directory walk gives: size,
 * modification time and ETag, no record.
 */
final class LocalBackend implements StorageBackend {
  /** What every local storage declares; {@link Capability#METADATA} where user attributes work. */
  static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.WRITE, Capability.RANGED_READ, Capability.COPY,
      Capability.ETAG, Capability.CONDITIONAL_WRITE);

  private final StorageContext context;
  private final Path root;
  private final LocalWalk walk;
  private final boolean userAttributes;
  private final Set<Capability> capabilities;

  LocalBackend(StorageContext context, Path root) {
    this(context, root, userAttributes(root));
  }

  /** A backend that keeps checksum records and metadata in user attributes or not. */
  LocalBackend(StorageContext context, Path root, boolean userAttributes) {
    this.context = context;
    this.root = root;
    this.walk = new LocalWalk(root);
    this.userAttributes = userAttributes;
    EnumSet<Capability> declared = EnumSet.copyOf(CAPABILITIES);
    if (userAttributes) {
      declared.add(Capability.METADATA);
    }
    this.capabilities = Collections.unmodifiableSet(declared);
  }

  /** Whether the root's file store keeps user extended attributes (the JDK probes the mount). */
  static boolean userAttributes(Path root) {
    try {
      return Files.getFileStore(root).supportsFileAttributeView(UserDefinedFileAttributeView.class);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public Page list(ListRequest request) throws IOException {
    return walk.list(request);
  }

  @Override
  public Optional<StorageFile> stat(String name) throws IOException {
    Path path = resolve(name);
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isRegularFile()) {
        return Optional.empty();
      }
      StorageFile.Builder file = basic(name, attrs);
      if (userAttributes) {
        ChecksumRecord.read(path).ifPresent(r -> ChecksumRecord.withContent(file, r.content())
            .checksum(r.checksum(attrs).orElse(null)));
      }
      return Optional.of(file.build());
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    }
  }

  @Override
  public InputStream read(ReadRequest request) throws IOException {
    FileChannel channel = openRegular(request.name(), request.condition().orElse(null));
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
    Optional<Checksum> expected = request.expected();
    if (expected.isEmpty() && request.verifyChecksums() && userAttributes) {
      Path path = resolve(name); // a listed file: the listing carries no record
      Optional<ChecksumRecord> record = ChecksumRecord.read(path);
      expected = record.isPresent() ? record.get().checksum(attributes(path)) : expected;
    }
    Checksum received;
    try (FileChannel source = openRegular(name, request.file())) {
      received = copy(source, request.temp(), request.progress(), request.verifyChecksums());
    }
    if (expected.isPresent() && received != null) {
      context.verify(name, expected.get(), received); // catches bit rot since the file was written
    } else if (received != null) {
      readBack(request.temp(), received, name); // a file another tool wrote: check at least our own copy
    }
  }

  @Override
  public StorageFile write(WriteRequest request) throws IOException {
    if (request.file().isPresent()) {
      try (FileChannel source = FileChannel.open(request.file().get(), StandardOpenOption.READ)) {
        return write(request.name(), source, request.progress(), request.options(), request.precondition());
      }
    }
    return write(request.name(), Channels.newChannel(request.stream().orElseThrow()), request.progress(),
        request.options(), request.precondition());
  }

  /** Copies through this process; the target keeps the source's headers and metadata unless the options set them. */
  @Override
  public StorageFile copy(CopyRequest request) throws IOException {
    WriteOptions content = request.options();
    if (!content.setsContent()) {
      content = userAttributes ? ChecksumRecord.read(resolve(request.source())).map(ChecksumRecord::content)
          .orElse(WriteOptions.defaults()) : WriteOptions.defaults();
    }
    try (FileChannel in = openRegular(request.source(), null)) {
      return write(request.target(), in, new TransferProgress(ProgressListener.none(), request.target(), -1), content,
          request.options().precondition());
    }
  }

  @Override
  public void delete(String name) throws IOException {
    Path path = resolve(name);
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      return; // nothing stored under this key (a folder is not a file)
    }
    try {
      DirectoryLock.locked(path.getParent(), () -> Files.deleteIfExists(path));
    } catch (NoSuchFileException e) {
      return; // its folder went with a concurrent delete
    }
    prune(path.getParent());
  }

  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    return LocalErrors.translate(context.uri(), key, error);
  }

  private StorageFile write(String name, ReadableByteChannel source, TransferProgress progress, WriteOptions content,
      Precondition condition) throws IOException {
    Path target = resolve(name);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new PreconditionFailedException(context.uri(), context.keyOf(name),
          "a folder exists at this key on the local disk; a key cannot be both a file and a prefix here");
    }
    boolean verify = context.options().verifyChecksums();
    Checksum[] sent = new Checksum[1];
    BasicFileAttributes[] written = new BasicFileAttributes[1];
    try {
      AtomicFiles.write(target, temp -> {
        sent[0] = copy(source, temp, progress, verify);
        if (userAttributes) {
          ChecksumRecord.write(temp, sent[0], content);
        } else if (sent[0] != null) {
          readBack(temp, sent[0], name);
        }
        written[0] = attributes(temp); // a rename or link keeps the file's identity and time: its ETag
      }, (temp, t) -> DirectoryLock.locked(t.getParent(), () -> commit(temp, t, name, condition)));
    } catch (IOException | RuntimeException e) {
      prune(target.getParent()); // the folders made for the temp file, if nothing else is in them
      throw e;
    }
    StorageFile.Builder file = basic(name, written[0]);
    return (userAttributes ? ChecksumRecord.withContent(file, content).checksum(sent[0]) : file).build();
  }

  /** Puts {@code temp} at {@code target} if {@code condition} holds; called under the folder's lock. */
  private Void commit(Path temp, Path target, String name, Precondition condition) throws IOException {
    if (condition.isIfNotExists()) {
      try {
        Files.createLink(target, temp); // fails if anything is at the target, atomically
        Files.delete(temp);
        return null;
      } catch (FileAlreadyExistsException e) {
        throw new PreconditionFailedException(context.uri(), context.keyOf(name), "a file exists at this key", e);
      } catch (UnsupportedOperationException | FileSystemException e) {
        // no hard links here: check and rename, exact under the lock against every StorageKit writer
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new PreconditionFailedException(context.uri(), context.keyOf(name), "a file exists at this key");
        }
      }
    } else if (condition.ifMatchEtag().isPresent()) {
      String wanted = condition.ifMatchEtag().get();
      BasicFileAttributes now;
      try {
        now = attributes(target);
      } catch (NoSuchFileException | NotDirectoryException e) {
        now = null;
      }
      if (now == null || !now.isRegularFile()) {
        throw new PreconditionFailedException(context.uri(), context.keyOf(name), "no file to match ETag " + wanted);
      }
      if (!etag(now).equals(wanted)) {
        throw new PreconditionFailedException(context.uri(), context.keyOf(name),
            "its ETag is " + etag(now) + ", not " + wanted);
      }
    }
    AtomicFiles.move(temp, target);
    return null;
  }

  /** Removes the folders below the root that are empty, from {@code dir} up, so keys and folders stay in step. */
  private void prune(Path dir) {
    for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
      if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
        break; // a file where a folder was wanted (the write failed on it): never removed
      }
      try {
        Files.delete(d);
      } catch (IOException e) {
        break; // not empty (or already gone): a folder with a key below it stays
      }
    }
  }

  /** Copies {@code source} into {@code temp}; returns the CRC32C of the bytes, or null without verification. */
  private static Checksum copy(ReadableByteChannel source, Path temp, TransferProgress progress, boolean verify)
      throws IOException {
    Checksum.Hasher hasher = verify ? Checksum.hasher(Checksum.Algorithm.CRC32C) : null;
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      // a heap buffer: a fresh direct one per file is freed only by a GC, and thousands of small
      // writes hit the direct-memory limit, each time forcing a full System.gc()
      Transfers.copy(source, out, ByteBuffer.allocate(Transfers.BUFFER), hasher, progress);
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

  /**
   * Opens a regular file; with {@code expected}, only that file [§17.4]: Java cannot fstat a channel,
   * so the path is statted after the open, and the open channel's size is checked. The caller statted
   * it before (the file is what that stat described), and StorageKit never moves a file back to a
   * name it left, so the same identity, time and size before and after the open is the file opened.
   */
  private FileChannel openRegular(String name, StorageFile expected) throws IOException {
    Path path = resolve(name);
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      throw context.notFound(name, null);
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    if (expected != null && expected.etag().isPresent()) {
      try {
        BasicFileAttributes now = attributes(path);
        if (!etag(now).equals(expected.etag().get()) || channel.size() != expected.size()) {
          throw new PreconditionFailedException(context.uri(), context.keyOf(name), "it changed since it was"
              + " described: its ETag is " + etag(now) + ", not " + expected.etag().get());
        }
      } catch (NoSuchFileException e) {
        channel.close();
        throw new PreconditionFailedException(context.uri(), context.keyOf(name), "it was deleted as it was opened", e);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }
    return channel;
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

  private static BasicFileAttributes attributes(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  /** A listed file's description: what one directory walk gives. */
  static StorageFile describe(String key, BasicFileAttributes attrs) {
    return basic(key, attrs).build();
  }

  private static StorageFile.Builder basic(String key, BasicFileAttributes attrs) {
    return StorageFile.builder(key).size(attrs.size()).lastModified(attrs.lastModifiedTime().toInstant())
        .etag(etag(attrs));
  }

  /** The ETag: a version tag (mtime in ns, size, inode hash), not a content hash; every write makes a new file. */
  static String etag(BasicFileAttributes attrs) {
    Object fileKey = attrs.fileKey();
    return Long.toHexString(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)) + "-" + Long.toHexString(attrs.size())
        + (fileKey == null ? "" : "-" + Integer.toHexString(fileKey.hashCode()));
  }
}

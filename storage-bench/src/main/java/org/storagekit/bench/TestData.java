package org.storagekit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/** The bench's input files: incompressible pseudo-random bytes, written fast. */
final class TestData {
  private TestData() {}

  /** Writes {@code size} pseudo-random bytes to {@code file} (kept if it already has that size). */
  static Path file(Path file, long size, long seed) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) == size) {
      return file;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    SplittableRandom random = new SplittableRandom(seed);
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      long left = size;
      while (left > 0) {
        buffer.clear();
        while (buffer.remaining() >= Long.BYTES) {
          buffer.putLong(random.nextLong());
        }
        buffer.flip();
        buffer.limit((int) Math.min(buffer.limit(), left));
        left -= buffer.remaining();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
    }
    return file;
  }

  /** Writes {@code count} files of {@code size} bytes into 100 sub-folders of {@code dir}. */
  static Path directory(Path dir, int count, int size) throws IOException {
    if (Files.isDirectory(dir) && countFiles(dir) == count) {
      return dir;
    }
    delete(dir);
    SplittableRandom random = new SplittableRandom(count);
    byte[] bytes = new byte[size];
    for (int i = 0; i < count; i++) {
      Path f = dir.resolve(String.format("d%02d/f%05d.bin", i % 100, i));
      if (i < 100) {
        Files.createDirectories(f.getParent());
      }
      random.nextBytes(bytes);
      Files.write(f, bytes);
    }
    return dir;
  }

  /** How many regular files are below {@code dir}. */
  static long countFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  /** Total bytes of the regular files below {@code dir}. */
  static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** CRC32C of a file, to check a round trip. */
  static long crc(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        crc.update(buffer, 0, n);
      }
    }
    return crc.getValue();
  }

  /** Deletes a file or folder tree if present. */
  static void delete(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}

package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-file commands through the real jar in a heap far smaller than anything that grows with
 * the number of keys would need: 50,000 local files at {@code -Xmx24m} (a leak of a few hundred
 * bytes per key, such as the metadata cache this test was written against, runs out of heap before
 * half of them), and 20,000 to S3Proxy. The test counts what was done; it measures no time.
 */
class BoundedMemoryJarIT {
  private static final List<String> SMALL_HEAP = List.of("-Xmx24m", "-XX:+ExitOnOutOfMemoryError");
  /** Guards against a hang only. */
  private static final long GUARD_SECONDS = 900;

  @TempDir
  Path tmp;

  @Test
  void multiFileCommands_50000LocalFilesAt24MiBHeap_finishWithEveryFileCounted() throws Exception {
    int n = 50_000;
    Path src = files(tmp.resolve("src"), n);
    Path dst = tmp.resolve("dst");
    StorageJarIT.Run sync = jar("--parallel", "4", "sync", src.toString(), dst.toString());
    assertThat(sync.code()).as(tail(sync)).isZero();
    assertThat(sync.out()).contains("synced: copied " + n + " file(s) (" + n + " bytes)");

    StorageJarIT.Run again = jar("sync", "--delete", src.toString(), dst.toString());
    assertThat(again.code()).as(tail(again)).isZero();
    assertThat(again.out()).contains("copied 0 file(s)", n + " up to date", "deleted 0");

    StorageJarIT.Run check = jar("check", src.toString(), dst.toString());
    assertThat(check.code()).as(tail(check)).isZero();
    assertThat(check.out()).contains("checked: " + n + " matching, 0 missing, 0 extra, 0 differing");

    StorageJarIT.Run ls = jar("ls", "-r", dst + "/");
    assertThat(ls.code()).as(tail(ls)).isZero();
    assertThat(ls.out().lines().count()).isEqualTo(n);

    StorageJarIT.Run du = jar("du", dst + "/");
    assertThat(du.code()).as(tail(du)).isZero();
    assertThat(du.out()).contains(n + " file(s), " + n + " bytes");

    Path back = tmp.resolve("back");
    StorageJarIT.Run get = jar("get", "file:" + dst + "/", back.toString());
    assertThat(get.code()).as(tail(get)).isZero();
    assertThat(get.out()).contains("downloaded " + n + " file(s), " + n + " bytes");

    Path up = tmp.resolve("up");
    StorageJarIT.Run put = jar("put", back.toString(), "file:" + up + "/");
    assertThat(put.code()).as(tail(put)).isZero();
    assertThat(put.out()).contains("uploaded " + n + " file(s), " + n + " bytes");

    StorageJarIT.Run rm = jar("rm", "-r", "--yes", dst + "/");
    assertThat(rm.code()).as(tail(rm)).isZero();
    assertThat(rm.out()).contains("deleted " + n + " of " + n + " file(s)");
  }

  @Test
  void syncLsDuRm_20000FilesToS3ProxyAt24MiBHeap_finishWithEveryFileCounted() throws Exception {
    int n = 20_000;
    S3ProxyFixture s3 = S3ProxyFixture.get();
    String bucket = s3.newBucket("mem-" + UUID.randomUUID().toString().substring(0, 8));
    Path src = files(tmp.resolve("src"), n);
    String dst = "s3://" + bucket + "/many/";
    StorageJarIT.Run sync = jar(s3, "--parallel", "4", "sync", src.toString(), dst);
    assertThat(sync.code()).as(tail(sync)).isZero();
    assertThat(sync.out()).contains("synced: copied " + n + " file(s)");

    StorageJarIT.Run check = jar(s3, "check", "--size-only", src.toString(), dst);
    assertThat(check.code()).as(tail(check)).isZero();
    assertThat(check.out()).contains("checked: " + n + " matching");

    StorageJarIT.Run ls = jar(s3, "ls", "-r", dst);
    assertThat(ls.out().lines().count()).as(tail(ls)).isEqualTo(n);

    StorageJarIT.Run du = jar(s3, "du", dst);
    assertThat(du.out()).as(tail(du)).contains(n + " file(s), " + n + " bytes");

    StorageJarIT.Run rm = jar(s3, "rm", "-r", "--yes", dst);
    assertThat(rm.code()).as(tail(rm)).isZero();
    assertThat(rm.out()).contains("deleted " + n + " of " + n + " file(s)");
  }

  /** {@code n} one-byte files in folders of 1,000. */
  private static Path files(Path root, int n) throws IOException {
    byte[] one = {'x'};
    for (int i = 0; i < n; i++) {
      Path dir = root.resolve(String.format("d%03d", i / 1000));
      if (i % 1000 == 0) {
        Files.createDirectories(dir);
      }
      Files.write(dir.resolve(String.format("f%04d", i % 1000)), one);
    }
    return root;
  }

  private StorageJarIT.Run jar(String... args) throws Exception {
    StorageJarIT jar = new StorageJarIT();
    jar.tmp = tmp;
    return jar.java(SMALL_HEAP, GUARD_SECONDS, args);
  }

  private StorageJarIT.Run jar(S3ProxyFixture s3, String... args) throws Exception {
    List<String> all = new ArrayList<>(s3.options());
    all.addAll(List.of(args));
    return jar(all.toArray(String[]::new));
  }

  /** The exit code, stderr and the last lines of stdout: the whole of it is one line per file. */
  private static String tail(StorageJarIT.Run r) {
    List<String> lines = r.out().lines().toList();
    return "exit " + r.code() + "\n--- stdout (last lines)\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())) + "\n--- stderr\n" + r.err();
  }
}

package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, as a child process, against the embedded S3Proxy in the test JVM. */
class S3ProxyJarIT {
  @TempDir
  Path tmp;

  @Test
  void syncLsCat_s3_throughTheJar() throws Exception {
    S3ProxyFixture s3 = S3ProxyFixture.get();
    String bucket = s3.newBucket("jar-" + UUID.randomUUID().toString().substring(0, 8));
    Path src = Files.createDirectories(tmp.resolve("src/notes"));
    Files.writeString(src.resolve("hello.txt"), "hello S3\n");
    StorageJarIT jar = new StorageJarIT();
    jar.tmp = tmp;

    StorageJarIT.Run sync = jar.storage(args(s3, "sync", tmp.resolve("src").toString(), "s3://" + bucket + "/demo"));
    assertThat(sync.code()).as(sync.toString()).isZero();
    assertThat(sync.out()).contains("copied notes/hello.txt");
    assertThat(sync.err()).isEmpty();

    StorageJarIT.Run ls = jar.storage(args(s3, "ls", "--json", "-r", "s3://" + bucket + "/demo/"));
    assertThat(ls.code()).as(ls.toString()).isZero();
    assertThat(JsonParser.parseString(ls.out()).getAsJsonArray().get(0).getAsJsonObject().get("key").getAsString())
        .isEqualTo("notes/hello.txt");

    StorageJarIT.Run cat = jar.storage(args(s3, "cat", "s3://" + bucket + "/demo/notes/hello.txt"));
    assertThat(cat.out()).isEqualTo("hello S3\n");

    StorageJarIT.Run denied = jar.storage(args(s3.options("not-the-secret"), "ls", "s3://" + bucket + "/"));
    assertThat(denied.code()).as(denied.toString()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(denied.err()).doesNotContain("not-the-secret").doesNotContain("\tat ");
  }

  private static String[] args(S3ProxyFixture s3, String... command) {
    return args(s3.options(), command);
  }

  private static String[] args(List<String> options, String... command) {
    List<String> all = new ArrayList<>(options);
    all.addAll(List.of(command));
    return all.toArray(String[]::new);
  }
}

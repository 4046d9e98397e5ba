package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against storage-jclouds with jclouds' {@code filesystem} blob store (a folder on
 * disk; the URI's query names it), run in process: URIs with a query keep it on every location.
 */
class JcloudsFilesystemCommandsTest {
  @TempDir
  Path tmp;

  private final Cli cli = new Cli();
  private Path src;
  private String box;

  @BeforeEach
  void sample() throws IOException {
    src = tmp.resolve("src");
    Files.createDirectories(src.resolve("notes"));
    Files.writeString(src.resolve("notes/a.txt"), "alpha");
    Files.writeString(src.resolve("readme.md"), "hello jclouds\n");
    Path basedir = Files.createDirectories(tmp.resolve("blobs"));
    box = "jclouds:filesystem://box/%s?basedir=" + basedir;
  }

  private String at(String path) {
    return String.format(box, path);
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = cli.run(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }

  @Test
  void syncLsCatCp_filesystemBlobStore_work() {
    ok("sync", src.toString(), at("site/"));
    List<String> keys = new ArrayList<>();
    JsonParser.parseString(ok("ls", "--json", "-r", at("site/")).out()).getAsJsonArray()
        .forEach(e -> keys.add(e.getAsJsonObject().get("key").getAsString()));
    assertThat(keys).containsExactly("notes/a.txt", "readme.md");
    assertThat(ok("cat", at("site/readme.md")).out()).isEqualTo("hello jclouds\n");
    ok("cp", at("site/notes/a.txt"), at("copies/a.txt"));
    assertThat(ok("cat", at("copies/a.txt")).out()).isEqualTo("alpha");
    assertThat(ok("sync", src.toString(), at("site/")).out()).contains("copied 0 file(s)", "2 up to date");
  }

  @Test
  void get_missingKey_exitsNotFound() {
    ok("sync", src.toString(), at("site/"));
    Cli.Result r = cli.run("get", at("site/nope.txt"), tmp.resolve("x").toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.NOT_FOUND);
  }
}

package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --dry-run on every writing command, and mv, against the local backend, in process. */
class DryRunAndMvTest {
  @TempDir
  Path tmp;

  private final Cli cli = new Cli();
  private Path src;
  private Path bucket;

  @BeforeEach
  void sampleFolder() throws IOException {
    src = tmp.resolve("src");
    write(src.resolve("readme.md"), "hello storage\n");
    write(src.resolve("notes/a.txt"), "alpha");
    write(src.resolve("notes/deep/b.txt"), "bravo!");
    bucket = tmp.resolve("bucket");
    write(bucket.resolve("old/x.txt"), "in the bucket");
  }

  private static void write(Path file, String content) throws IOException {
    StreamingCommandsTest.write(file, content);
  }

  private Cli.Result run(int expected, String... args) {
    Cli.Result r = cli.run(args);
    assertThat(r.code()).as(r.toString()).isEqualTo(expected);
    return r;
  }

  /** Every file below {@code tmp} with its content: what a dry run must leave as it was. */
  private String tree() throws IOException {
    StringBuilder b = new StringBuilder();
    try (var walk = Files.walk(tmp)) {
      for (Path p : walk.sorted().toList()) {
        b.append(tmp.relativize(p)).append(Files.isRegularFile(p) ? "=" + Files.readString(p) : "/").append('\n');
      }
    }
    return b.toString();
  }

  @Test
  void dryRun_everyWritingCommand_printsThePlanAndWritesNothing() throws Exception {
    String before = tree();
    String b = "file:" + bucket;
    assertThat(run(0, "put", "-n", src.resolve("readme.md").toString(), b + "/docs/").out())
        .contains("would upload", "docs/readme.md", "(14 bytes)");
    assertThat(run(0, "put", "--dry-run", "--exclude", "deep/", src.toString(), b + "/site/").out())
        .contains("would upload notes/a.txt", "would upload readme.md", "dry run: would upload 2 file(s), 19 bytes",
            "1 excluded by filters").doesNotContain("deep/b.txt");
    assertThat(run(0, "cp", "-n", b + "/old/x.txt", b + "/new/").out()).contains("would copy", "new/x.txt");
    assertThat(run(0, "rm", "-n", b + "/old/x.txt").out()).contains("would delete " + b + "/old/x.txt");
    assertThat(run(0, "rm", "-r", "-n", b + "/old/").out()).contains("would delete x.txt", "would delete 1 file(s)");
    assertThat(run(0, "get", "-n", b + "/old/x.txt", tmp.resolve("x.txt").toString()).out()).contains("would download");
    assertThat(run(0, "get", "-n", b + "/old/", tmp.resolve("down").toString()).out())
        .contains("would download x.txt", "would download 1 file(s)");
    assertThat(run(0, "sync", "-n", "--delete", src.toString(), b + "/old/").out())
        .contains("would copy readme.md", "would delete x.txt");
    assertThat(run(0, "mv", "-n", b + "/old/x.txt", b + "/moved.txt").out()).contains("would move");
    assertThat(run(0, "mv", "-r", "-n", src.toString(), b + "/moved/").out())
        .contains("would move notes/deep/b.txt", "dry run: would move 3 file(s)");
    assertThat(tree()).isEqualTo(before);
    run(3, "rm", "-n", b + "/old/none.txt");
  }

  @Test
  void mv_file_copiesThenDeletesTheSource() throws Exception {
    Cli.Result r = run(0, "mv", "file:" + bucket + "/old/x.txt", "file:" + bucket + "/new/y.txt");
    assertThat(r.out()).contains("moved");
    assertThat(bucket.resolve("old/x.txt")).doesNotExist();
    assertThat(Files.readString(bucket.resolve("new/y.txt"))).isEqualTo("in the bucket");
    run(0, "mv", src.resolve("readme.md").toString(), "file:" + bucket + "/docs/");
    assertThat(src.resolve("readme.md")).doesNotExist();
    assertThat(Files.readString(bucket.resolve("docs/readme.md"))).isEqualTo("hello storage\n");
    run(3, "mv", "file:" + bucket + "/old/x.txt", "file:" + bucket + "/again.txt");
  }

  @Test
  void mv_recursiveWithFilter_movesOnlyMatchingFiles() throws Exception {
    Cli.Result r = run(0, "mv", "-r", "--include", "*.txt", src.toString(), "file:" + bucket + "/site");
    assertThat(r.out()).contains("moved 2 file(s), 11 bytes", "1 excluded by filters");
    assertThat(FilterCommandsTest.files(bucket)).containsExactly("old/x.txt", "site/notes/a.txt",
        "site/notes/deep/b.txt");
    assertThat(FilterCommandsTest.files(src)).containsExactly("readme.md");
  }

  @Test
  void mv_partialFailure_keepsTheFailedSourcesAndExitsPartial() throws Exception {
    write(bucket.resolve("site/notes"), "a file where the source has a folder");
    Cli.Result r = run(7, "mv", "-r", src.toString(), "file:" + bucket + "/site/");
    assertThat(r.err()).contains("failed notes/a.txt", "failed notes/deep/b.txt");
    assertThat(FilterCommandsTest.files(src)).containsExactly("notes/a.txt", "notes/deep/b.txt");
    assertThat(Files.readString(bucket.resolve("site/readme.md"))).isEqualTo("hello storage\n");
  }

  @Test
  void mv_usage_folderWithoutRecursiveOrOverlapping_exitsUsage() {
    Cli.Result r = run(2, "mv", "file:" + bucket + "/old/", "file:" + bucket + "/new/");
    assertThat(r.err()).contains("--recursive");
    run(2, "mv", "-r", "file:" + bucket + "/", "file:" + bucket + "/inner/");
    run(2, "mv", "--include", "*.txt", "file:" + bucket + "/old/x.txt", "file:" + bucket + "/y.txt");
    assertThat(List.of(bucket.resolve("old/x.txt"))).allMatch(Files::exists);
  }
}

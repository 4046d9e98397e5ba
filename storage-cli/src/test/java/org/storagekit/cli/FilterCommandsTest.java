package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter flags on every multi-file command, against the local backend, in process. */
class FilterCommandsTest {
  @TempDir
  Path tmp;

  private final Cli cli = new Cli();
  private Path src;
  private Path dst;

  @BeforeEach
  void sampleFolder() throws IOException {
    src = tmp.resolve("src");
    write(src.resolve("readme.md"), "hello storage\n");
    write(src.resolve("notes/a.txt"), "alpha");
    write(src.resolve("notes/big.txt"), "x".repeat(3000));
    write(src.resolve("logs/old.log"), "old");
    Files.setLastModifiedTime(src.resolve("logs/old.log"), FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    dst = tmp.resolve("dst");
  }

  private static void write(Path file, String content) throws IOException {
    StreamingCommandsTest.write(file, content);
  }

  static List<String> files(Path root) throws IOException {
    return Files.exists(root) ? StreamingCommandsTest.files(root) : List.of();
  }


  private Cli.Result run(int expected, String... args) {
    Cli.Result r = cli.run(args);
    assertThat(r.code()).as(r.toString()).isEqualTo(expected);
    return r;
  }

  @Test
  void sync_includeExclude_copiesOnlyMatchingFiles() throws Exception {
    Cli.Result r = run(0, "sync", "--exclude", "big.txt", "--include", "*.txt", src.toString(), dst.toString());
    assertThat(files(dst)).containsExactly("notes/a.txt");
    assertThat(r.out()).contains("copied 1 file(s)", "3 excluded by filters");
  }

  @Test
  void sync_deleteWithExclude_neverDeletesExcludedDestinationFiles() throws Exception {
    write(dst.resolve("keep.bak"), "excluded extra");
    write(dst.resolve("gone.txt"), "included extra");
    Cli.Result r = run(0, "sync", "--delete", "--exclude", "*.bak", src.toString(), dst.toString());
    assertThat(files(dst)).contains("keep.bak").doesNotContain("gone.txt");
    assertThat(r.out()).contains("deleted gone.txt").doesNotContain("keep.bak");
  }

  @Test
  void sync_sizeFilterOnTheSource_keepsTheDestinationCopyOfAnExcludedSource() throws Exception {
    write(dst.resolve("notes/big.txt"), "small copy");
    run(0, "sync", "--delete", "--max-size", "1k", src.toString(), dst.toString());
    // the source's big.txt is excluded, so its destination copy is no extra, though it is small
    assertThat(Files.readString(dst.resolve("notes/big.txt"))).isEqualTo("small copy");
    assertThat(files(dst)).contains("readme.md", "notes/a.txt", "logs/old.log");
  }

  @Test
  void sync_maxAgeAndMinSize_jsonCountsTheExcluded() throws Exception {
    Cli.Result r = run(0, "sync", "--json", "--max-age", "7d", "--min-size", "5", src.toString(), dst.toString());
    assertThat(files(dst)).containsExactly("notes/a.txt", "notes/big.txt", "readme.md");
    JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(json.get("excluded").getAsLong()).isEqualTo(1);
  }

  @Test
  void check_withFilters_ignoresExcludedDifferences() throws Exception {
    run(0, "sync", src.toString(), dst.toString());
    write(dst.resolve("notes/a.txt"), "changed!");
    write(dst.resolve("extra.tmp"), "x");
    run(11, "check", src.toString(), dst.toString());
    Cli.Result r = run(0, "check", "--exclude", "notes/", "--exclude", "*.tmp", src.toString(), dst.toString());
    assertThat(r.out()).contains("checked: 2 matching, 0 missing, 0 extra, 0 differing", "3 excluded by filters");
  }

  @Test
  void lsDuRm_withFilters_seeOnlyMatchingFiles() throws Exception {
    run(0, "sync", src.toString(), dst.toString());
    Cli.Result ls = run(0, "ls", "-r", "--include", "*.txt", dst + "/");
    assertThat(ls.out().lines().toList()).containsExactly("notes/a.txt", "notes/big.txt");
    Cli.Result top = run(0, "ls", "--exclude", "logs/", "--exclude", "*.md", dst + "/");
    assertThat(top.out().lines().toList()).containsExactly("notes/");
    Cli.Result du = run(0, "du", "--min-size", "1k", dst + "/");
    assertThat(du.out()).contains("1 file(s), 3000 bytes");
    Cli.Result rm = run(0, "rm", "-r", "--yes", "--exclude", "readme.md", "--exclude", "/notes/a*", dst + "/");
    assertThat(rm.out()).contains("deleted 2 of 2 file(s)");
    assertThat(files(dst)).containsExactly("notes/a.txt", "readme.md");
  }

  @Test
  void badFilter_exitsUsageNamingIt() throws Exception {
    Cli.Result glob = run(2, "sync", "--include", "[abc", src.toString(), dst.toString());
    assertThat(glob.err()).contains("glob '[abc'");
    assertThat(Files.exists(dst)).isFalse();
    Cli.Result size = run(2, "du", "--max-size", "lots", src + "/");
    assertThat(size.err()).contains("--max-size 'lots'");
    Cli.Result age = run(2, "ls", "--min-age", "3y", src + "/");
    assertThat(age.err()).contains("--min-age '3y'");
    Path rules = tmp.resolve("rules.txt");
    Files.writeString(rules, "# comment\n*.md\n");
    Cli.Result from = run(0, "sync", "--exclude-from", rules.toString(), src.toString(), dst.toString());
    assertThat(files(dst)).doesNotContain("readme.md");
    assertThat(from.out()).contains("1 excluded by filters");
    run(2, "check", "--exclude-from", tmp.resolve("missing").toString(), src.toString(), dst.toString());
  }
}

package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.StorageFile;

/** du, check, and sync's streaming merge and compare flags, against the local backend, in process. */
class StreamingCommandsTest {
  @TempDir
  Path tmp;

  private final Cli cli = new Cli();
  private Path src;
  private Path dst;

  private static final Instant OLD = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant NEW = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  @BeforeEach
  void sampleFolder() throws IOException {
    src = tmp.resolve("src");
    write(src.resolve("readme.md"), "hello storage\n");
    write(src.resolve("notes/a.txt"), "alpha");
    write(src.resolve("notes/deep/b.txt"), "bravo!");
    dst = tmp.resolve("dst");
  }

  static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private static void write(Path file, String content, Instant time) throws IOException {
    write(file, content);
    Files.setLastModifiedTime(file, FileTime.from(time));
  }

  static List<String> files(Path root) throws IOException {
    List<String> keys = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).forEach(p -> keys.add(root.relativize(p).toString()));
    }
    keys.sort(null);
    return keys;
  }

  private Cli.Result run(int expected, String... args) {
    Cli.Result r = cli.run(args);
    assertThat(r.code()).as(r.toString()).isEqualTo(expected);
    return r;
  }

  // ---------------------------------------------------------------- key order

  private static StorageFile f(String key) {
    return StorageFile.builder(key).size(1).lastModified(OLD).build();
  }

  private static Iterator<StorageFile> listing(String... keys) {
    return Arrays.stream(keys).map(StreamingCommandsTest::f).iterator();
  }

  @Test
  void merge_pairsKeysInOneOrder() {
    Merge m = new Merge(listing("a", "c", "d"), "src", listing("b", "c", "e"), "dst");
    List<String> seen = new ArrayList<>();
    while (m.hasNext()) {
      Merge.Pair p = m.next();
      seen.add(p.key() + ":" + (p.source() != null ? "s" : "") + (p.destination() != null ? "d" : ""));
    }
    assertThat(seen).containsExactly("a:s", "b:d", "c:sd", "d:s", "e:d");
  }

  @Test
  void merge_listingOutOfOrder_failsInsteadOfReportingWrongDifferences() {
    Merge m = new Merge(listing("a", "c", "b"), "file:/src/", listing(), "dst");
    assertThatThrownBy(() -> {
      while (m.hasNext()) {
        m.next();
      }
    }).isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.STORAGE))
        .hasMessageContaining("file:/src/ listed 'b' after 'c'");
  }

  @Test
  void keyOrder_isUtf8ByteOrder_notUtf16() {
    String emoji = "\uD83D\uDE00"; // U+1F600: a surrogate pair, below U+FFFD in UTF-16
    assertThat("\uFFFD".compareTo(emoji)).as("String order").isPositive();
    assertThat(Merge.compare("\uFFFD", emoji)).as("UTF-8 byte order").isNegative();
    assertThat(Merge.compare("a-b", "a/b")).isNegative();
    assertThat(Merge.compare("a/b", "a0")).isNegative();
    assertThat(Merge.compare("a", "a/b")).isNegative();
  }

  @Test
  void localBackendWalk_listsInUtf8ByteOrder() throws IOException {
    Path tree = tmp.resolve("tree");
    List<String> keys = new ArrayList<>(List.of("a-b", "a/b", "a0", "a/b/c", "Z", "\u00e9", "\uFFFD", "\uD83D\uDE00",
        "a.txt", "a/-", "b"));
    for (String k : keys) {
      write(tree.resolve(k.equals("a/b") ? "a/b2" : k), k);
    }
    keys.set(keys.indexOf("a/b"), "a/b2");
    keys.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
    Cli.Result r = run(0, "ls", "-r", tree + "/");
    assertThat(r.out().lines().toList()).containsExactlyElementsOf(keys);
  }

  // ---------------------------------------------------------------- du

  @Test
  void du_countsFilesAndBytesBelowAFolder() {
    assertThat(run(0, "du", src + "/").out()).contains("3 file(s), 25 bytes in file:");
  }

  @Test
  void du_prefixAndSubfolder_countOnlyTheirKeys_json() {
    JsonObject o = JsonParser.parseString(run(0, "du", "--json", src.resolve("notes/a") + "").out()).getAsJsonObject();
    assertThat(o.get("files").getAsLong()).isEqualTo(1);
    assertThat(o.get("bytes").getAsLong()).isEqualTo(5);
    assertThat(o.get("uri").getAsString()).endsWith("/src/notes/a");
    assertThat(run(0, "du", src.resolve("notes") + "").out()).startsWith("2 file(s), 11 bytes in file:");
  }

  @Test
  void du_prefixMatchingNothing_isNotFound() {
    assertThat(run(ExitCodes.NOT_FOUND, "du", src.resolve("nope") + "").err()).contains("no files match");
  }

  // ---------------------------------------------------------------- check

  @Test
  void check_afterSync_findsNoDifference() {
    run(0, "sync", src.toString(), dst.toString());
    assertThat(run(0, "check", src.toString(), dst.toString()).out())
        .isEqualTo("checked: 3 matching, 0 missing, 0 extra, 0 differing\n");
  }

  @Test
  void check_reportsMissingExtraAndDiffering_inKeyOrder_exit11() throws IOException {
    write(dst.resolve("notes/a.txt"), "ALPHA, longer", NEW);
    write(dst.resolve("notes/deep/b.txt"), "bravo!", NEW);
    write(dst.resolve("extra.txt"), "only here");
    Cli.Result r = run(ExitCodes.DIFFERENCES, "check", src.toString(), dst.toString());
    assertThat(r.out().lines().toList()).containsExactly("extra extra.txt", "differs notes/a.txt",
        "missing readme.md", "checked: 1 matching, 1 missing, 1 extra, 1 differing");
    assertThat(files(dst)).containsExactly("extra.txt", "notes/a.txt", "notes/deep/b.txt");
  }

  @Test
  void check_json_streamsDifferencesAndCounts() throws IOException {
    write(dst.resolve("extra.txt"), "only here");
    Cli.Result r = run(ExitCodes.DIFFERENCES, "check", "--json", src.toString(), dst.toString());
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    JsonArray d = o.getAsJsonArray("differences");
    assertThat(d).hasSize(4);
    assertThat(d.get(0).getAsJsonObject().get("key").getAsString()).isEqualTo("extra.txt");
    assertThat(d.get(0).getAsJsonObject().get("status").getAsString()).isEqualTo("extra");
    assertThat(o.get("missing").getAsLong()).isEqualTo(3);
    assertThat(o.get("extra").getAsLong()).isEqualTo(1);
    assertThat(o.get("matching").getAsLong()).isZero();
  }

  @Test
  void check_compareFlags_decideAsSyncWould() throws IOException {
    write(src.resolve("readme.md"), "hello storage\n", OLD);
    write(dst.resolve("readme.md"), "HELLO STORAGE\n", NEW); // same size, newer, other bytes
    write(dst.resolve("notes/a.txt"), "alpha, but newer", NEW);
    write(dst.resolve("notes/deep/b.txt"), "bravo!", OLD);
    Files.setLastModifiedTime(src.resolve("notes/deep/b.txt"), FileTime.from(OLD));
    Files.setLastModifiedTime(src.resolve("notes/a.txt"), FileTime.from(OLD));
    assertThat(run(ExitCodes.DIFFERENCES, "check", src.toString(), dst.toString()).out().lines().toList())
        .as("default: size, then time").containsExactly("differs notes/a.txt",
            "checked: 2 matching, 0 missing, 0 extra, 1 differing");
    assertThat(run(ExitCodes.DIFFERENCES, "check", "--checksum", src.toString(), dst.toString()).out())
        .contains("differs notes/a.txt", "differs readme.md", "1 matching");
    assertThat(run(0, "check", "--update", src.toString(), dst.toString()).out())
        .contains("1 matching", "0 differing", "2 newer on the destination (--update)");
    assertThat(run(0, "check", "--ignore-existing", src.toString(), dst.toString()).out())
        .contains("0 differing", "3 existing not compared");
    write(dst.resolve("notes/a.txt"), "ALPHA", OLD);
    assertThat(run(0, "check", "--size-only", src.toString(), dst.toString()).out()).contains("3 matching");
  }

  @Test
  void check_checksumWithSizeOnly_isUsageError() {
    assertThat(run(ExitCodes.USAGE, "check", "--checksum", "--size-only", src.toString(), src.toString()).err())
        .contains("exclude each other");
  }

  @Test
  void check_missingLocalFolder_isNotFound() {
    run(ExitCodes.NOT_FOUND, "check", src.toString(), tmp.resolve("nope").toString());
  }

  // ---------------------------------------------------------------- sync: compare flags

  @Test
  void sync_sizeOnly_skipsSameSizeFilesEvenIfOlder() throws IOException {
    run(0, "sync", src.toString(), dst.toString());
    write(dst.resolve("notes/a.txt"), "ALPHA", OLD);
    assertThat(run(0, "sync", "--size-only", src.toString(), dst.toString()).out()).contains("copied 0 file(s)");
    assertThat(Files.readString(dst.resolve("notes/a.txt"))).isEqualTo("ALPHA");
    assertThat(run(0, "sync", src.toString(), dst.toString()).out()).contains("copied notes/a.txt");
    assertThat(Files.readString(dst.resolve("notes/a.txt"))).isEqualTo("alpha");
  }

  @Test
  void sync_checksum_copiesSameSizeNewerFileWithOtherBytes() throws IOException {
    run(0, "sync", src.toString(), dst.toString());
    write(dst.resolve("notes/a.txt"), "ALPHA", Instant.now().plusSeconds(3600));
    assertThat(run(0, "sync", src.toString(), dst.toString()).out()).contains("copied 0 file(s)", "3 up to date");
    assertThat(run(0, "sync", "--checksum", src.toString(), dst.toString()).out())
        .contains("copied notes/a.txt", "copied 1 file(s) (5 bytes), 2 up to date");
    assertThat(Files.readString(dst.resolve("notes/a.txt"))).isEqualTo("alpha");
  }

  @Test
  void sync_update_leavesNewerDestinationFiles() throws IOException {
    write(dst.resolve("notes/a.txt"), "edited on the destination", Instant.now().plusSeconds(3600));
    Cli.Result r = run(0, "sync", "--update", src.toString(), dst.toString());
    assertThat(r.out()).contains("copied 2 file(s)", "1 newer on the destination (--update)")
        .doesNotContain("copied notes/a.txt");
    assertThat(Files.readString(dst.resolve("notes/a.txt"))).isEqualTo("edited on the destination");
  }

  @Test
  void sync_ignoreExisting_copiesOnlyMissingFiles() throws IOException {
    write(dst.resolve("readme.md"), "old", OLD);
    Cli.Result r = run(0, "sync", "--ignore-existing", src.toString(), dst.toString());
    assertThat(r.out()).contains("copied 2 file(s) (11 bytes)", "1 existing left alone (--ignore-existing)");
    assertThat(Files.readString(dst.resolve("readme.md"))).isEqualTo("old");
  }

  @Test
  void sync_checksumWithSizeOnly_isUsageError() {
    run(ExitCodes.USAGE, "sync", "--size-only", "--checksum", src.toString(), dst.toString());
    assertThat(Files.exists(dst)).isFalse();
  }

  // ---------------------------------------------------------------- sync: --max-delete

  @Test
  void sync_maxDeleteExceeded_deletesNothing_copiesTheRest_exit12() throws IOException {
    write(dst.resolve("x1"), "extra");
    write(dst.resolve("x2"), "extra");
    Cli.Result r = run(ExitCodes.MAX_DELETE, "sync", "--delete", "--max-delete", "1", src.toString(), dst.toString());
    assertThat(files(dst)).containsExactly("notes/a.txt", "notes/deep/b.txt", "readme.md", "x1", "x2");
    assertThat(r.err()).contains("kept 2 extra file(s)", "more than --max-delete 1");
    assertThat(r.out()).contains("deleted 0");
  }

  @Test
  void sync_maxDeleteReached_deletes() throws IOException {
    write(dst.resolve("x1"), "extra");
    write(dst.resolve("x2"), "extra");
    Cli.Result r = run(0, "sync", "--delete", "--max-delete", "2", src.toString(), dst.toString());
    assertThat(files(dst)).containsExactly("notes/a.txt", "notes/deep/b.txt", "readme.md");
    assertThat(r.out()).contains("deleted x1", "deleted x2", "deleted 2");
  }

  @Test
  void sync_dryRunWithMaxDeleteExceeded_changesNothing_exit12() throws IOException {
    write(dst.resolve("x1"), "extra");
    write(dst.resolve("x2"), "extra");
    Cli.Result r = run(ExitCodes.MAX_DELETE, "sync", "-n", "--delete", "--max-delete", "0", src.toString(),
        dst.toString());
    assertThat(files(dst)).containsExactly("x1", "x2");
    assertThat(r.out()).contains("would copy readme.md").doesNotContain("would delete x1");
    assertThat(r.err()).contains("would keep 2 extra file(s)");
  }

  @Test
  void sync_negativeMaxDelete_isUsageError() {
    run(ExitCodes.USAGE, "sync", "--delete", "--max-delete", "-1", src.toString(), dst.toString());
  }

  // ---------------------------------------------------------------- sync: streaming

  @Test
  void sync_manyFilesInterleavedWithExtras_streamsToTheSameResultAsCheck() throws IOException {
    for (int i = 0; i < 600; i++) {
      write(src.resolve(String.format("d%02d/f%03d", i % 7, i)), "content " + i);
      if (i % 5 == 0) {
        write(dst.resolve(String.format("d%02d/f%03dx", i % 7, i)), "extra " + i);
      }
    }
    JsonObject o = JsonParser.parseString(run(0, "--parallel", "3", "sync", "--json", "--delete", src.toString(),
        dst.toString()).out()).getAsJsonObject();
    assertThat(o.getAsJsonArray("copied")).hasSize(603);
    assertThat(o.getAsJsonArray("deleted")).hasSize(120);
    assertThat(o.getAsJsonArray("copied").get(0).getAsString()).isEqualTo("d00/f000");
    assertThat(run(0, "check", src.toString(), dst.toString()).out()).contains("603 matching, 0 missing, 0 extra");
    assertThat(files(dst)).hasSize(603);
  }
}

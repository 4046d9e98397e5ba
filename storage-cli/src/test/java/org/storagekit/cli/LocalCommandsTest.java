package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command against the local backend, run in process through picocli. */
class LocalCommandsTest {
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
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private static List<String> files(Path root) throws IOException {
    List<String> keys = new ArrayList<>();
    if (!Files.exists(root)) {
      return keys;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).forEach(p -> keys.add(root.relativize(p).toString().replace('\\', '/')));
    }
    keys.sort(null);
    return keys;
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = cli.run(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }

  private String uri(Path p) {
    return "file:" + p.toAbsolutePath();
  }

  // ---------------------------------------------------------------- sync

  @Test
  void sync_emptyDestination_copiesEveryFile() throws IOException {
    Cli.Result r = ok("sync", src.toString(), uri(bucket));
    assertThat(files(bucket)).containsExactly("notes/a.txt", "notes/deep/b.txt", "readme.md");
    assertThat(Files.readString(bucket.resolve("notes/deep/b.txt"))).isEqualTo("bravo!");
    assertThat(r.out()).contains("copied notes/a.txt", "synced: copied 3 file(s) (25 bytes)");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void sync_secondRun_copiesNothing() {
    ok("sync", src.toString(), uri(bucket));
    Cli.Result r = ok("sync", src.toString(), uri(bucket));
    assertThat(r.out()).contains("copied 0 file(s)", "3 up to date").doesNotContain("copied readme.md");
  }

  @Test
  void sync_changedSource_copiesItAgain() throws IOException {
    ok("sync", src.toString(), uri(bucket));
    write(src.resolve("notes/a.txt"), "ALPHA");
    Files.setLastModifiedTime(src.resolve("notes/a.txt"), FileTime.from(Instant.now().plusSeconds(60)));
    write(src.resolve("readme.md"), "a longer readme\n");
    Cli.Result r = ok("sync", src.toString(), uri(bucket));
    assertThat(r.out()).contains("copied notes/a.txt", "copied readme.md", "copied 2 file(s)", "1 up to date");
    assertThat(Files.readString(bucket.resolve("notes/a.txt"))).isEqualTo("ALPHA");
  }

  @Test
  void sync_withoutDelete_keepsExtras() throws IOException {
    write(bucket.resolve("extra.txt"), "only here");
    Cli.Result r = ok("sync", src.toString(), bucket.toString());
    assertThat(files(bucket)).containsExactly("extra.txt", "notes/a.txt", "notes/deep/b.txt", "readme.md");
    assertThat(r.out()).contains("1 extra file(s) left (see --delete)");
  }

  @Test
  void sync_withDelete_removesExtras() throws IOException {
    write(bucket.resolve("extra.txt"), "only here");
    write(bucket.resolve("notes/old.txt"), "old");
    Cli.Result r = ok("sync", "--delete", src.toString(), bucket.toString());
    assertThat(files(bucket)).containsExactly("notes/a.txt", "notes/deep/b.txt", "readme.md");
    assertThat(r.out()).contains("deleted extra.txt", "deleted notes/old.txt", "deleted 2");
  }

  @Test
  void sync_failedTransfer_keepsExtrasAndExitsPartial() throws IOException {
    // In the destination, "notes" is a file: notes/a.txt and notes/deep/b.txt cannot be written there.
    write(bucket.resolve("notes"), "a file where the source has a folder");
    write(bucket.resolve("extra.txt"), "only here");
    Cli.Result r = cli.run("sync", "--delete", src.toString(), bucket.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(files(bucket)).containsExactly("extra.txt", "notes", "readme.md");
    assertThat(r.err()).contains("failed notes/a.txt", "failed notes/deep/b.txt", "kept 2 extra file(s)",
        "run the same command again");
    assertThat(r.out()).contains("copied readme.md").doesNotContain("deleted extra.txt");
  }

  @Test
  void sync_json_parsesAsSummary() throws IOException {
    write(bucket.resolve("extra.txt"), "only here");
    Cli.Result r = ok("sync", "--json", "--delete", src.toString(), bucket.toString());
    JsonObject summary = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(strings(summary.getAsJsonArray("copied"))).containsExactly("notes/a.txt", "notes/deep/b.txt", "readme.md");
    assertThat(strings(summary.getAsJsonArray("deleted"))).containsExactly("extra.txt");
    assertThat(summary.get("bytes").getAsLong()).isEqualTo(25);
    assertThat(summary.get("upToDate").getAsInt()).isZero();
    assertThat(summary.getAsJsonArray("failed")).isEmpty();
    assertThat(summary.get("source").getAsString()).startsWith("file:").endsWith("/src/");
  }

  @Test
  void sync_jsonWithFailure_listsFailedKeys() throws IOException {
    write(bucket.resolve("notes"), "blocks the folder");
    Cli.Result r = cli.run("sync", "--json", "--delete", src.toString(), bucket.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.PARTIAL);
    JsonObject summary = JsonParser.parseString(r.out()).getAsJsonObject();
    List<String> failed = new ArrayList<>();
    summary.getAsJsonArray("failed").forEach(e -> failed.add(e.getAsJsonObject().get("key").getAsString()));
    assertThat(failed).containsExactlyInAnyOrder("notes/a.txt", "notes/deep/b.txt");
    assertThat(summary.get("extrasKept").getAsBoolean()).isTrue();
    assertThat(strings(summary.getAsJsonArray("deleted"))).isEmpty();
  }

  @Test
  void sync_dryRun_changesNothing() throws IOException {
    write(bucket.resolve("extra.txt"), "only here");
    Cli.Result r = ok("sync", "--dry-run", "--delete", src.toString(), bucket.toString());
    assertThat(files(bucket)).containsExactly("extra.txt");
    assertThat(r.out()).contains("would copy readme.md", "would delete extra.txt");
  }

  @Test
  void sync_dryRunIntoMissingFolder_createsNothing() {
    ok("sync", "-n", src.toString(), bucket.toString());
    assertThat(Files.exists(bucket)).isFalse();
  }

  @Test
  void sync_nestedFolders_isUsageError() {
    Cli.Result r = cli.run("sync", src.toString(), src.resolve("notes").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("overlap");
  }

  @Test
  void sync_missingSource_isNotFound() {
    Cli.Result r = cli.run("sync", tmp.resolve("nope").toString(), bucket.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("nope");
  }

  @Test
  void sync_parallelOne_copiesEveryFile() throws IOException {
    ok("--parallel", "1", "sync", src.toString(), bucket.toString());
    assertThat(files(bucket)).hasSize(3);
  }

  // ---------------------------------------------------------------- ls

  @Test
  void ls_folder_listsFilesAndSubfolders() {
    ok("sync", src.toString(), bucket.toString());
    assertThat(ok("ls", uri(bucket)).out().lines()).containsExactly("notes/", "readme.md");
  }

  @Test
  void ls_recursiveLong_showsTimeSizeEtagAndKey() {
    ok("sync", src.toString(), bucket.toString());
    List<String> lines = ok("ls", "--recursive", "--long", bucket.toString()).out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +6  \\S+ +notes/deep/b\\.txt");
  }

  @Test
  void ls_prefix_matchesKeysStartingWithIt() {
    ok("sync", src.toString(), bucket.toString());
    assertThat(ok("ls", "-r", uri(bucket) + "/notes/a").out().lines()).containsExactly("a.txt");
  }

  @Test
  void ls_json_parsesAsArray() {
    ok("sync", src.toString(), bucket.toString());
    JsonArray list = JsonParser.parseString(ok("ls", "--json", bucket.toString()).out()).getAsJsonArray();
    assertThat(list).hasSize(2);
    JsonObject folder = list.get(0).getAsJsonObject();
    assertThat(folder.get("key").getAsString()).isEqualTo("notes/");
    assertThat(folder.get("type").getAsString()).isEqualTo("folder");
    JsonObject file = list.get(1).getAsJsonObject();
    assertThat(file.get("key").getAsString()).isEqualTo("readme.md");
    assertThat(file.get("size").getAsLong()).isEqualTo(14);
    assertThat(Instant.parse(file.get("lastModified").getAsString())).isBefore(Instant.now().plusSeconds(1));
    assertThat(file.get("etag").getAsString()).isNotEmpty();
  }

  @Test
  void ls_prefixMatchingNothing_exitsNotFound() {
    ok("sync", src.toString(), bucket.toString());
    Cli.Result r = cli.run("ls", uri(bucket) + "/zzz");
    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("/zzz: no files match");
  }

  @Test
  void ls_missingLocalFolder_exitsNotFoundAndCreatesNothing() {
    Cli.Result r = cli.run("ls", tmp.resolve("missing/dir/") + "/");
    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("missing/dir", "no such local folder");
    assertThat(Files.exists(tmp.resolve("missing"))).isFalse();
  }

  // ---------------------------------------------------------------- cat, get, put, cp

  @Test
  void cat_file_writesItsBytes() {
    ok("sync", src.toString(), bucket.toString());
    assertThat(ok("cat", uri(bucket) + "/notes/deep/b.txt").out()).isEqualTo("bravo!");
  }

  @Test
  void cat_missingFile_exitsNotFoundNamingTheUri() {
    ok("sync", src.toString(), bucket.toString());
    Cli.Result r = cli.run("cat", uri(bucket) + "/nope.txt");
    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains(uri(bucket) + "/nope.txt: no such file", "storage ls");
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void cat_missingFileWithDebug_printsStackTrace() {
    ok("sync", src.toString(), bucket.toString());
    Cli.Result r = cli.run("--debug", "cat", uri(bucket) + "/nope.txt");
    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("\tat ");
  }

  @Test
  void get_file_writesTheLocalFile() throws IOException {
    ok("sync", src.toString(), bucket.toString());
    Path out = tmp.resolve("out/b-copy.txt");
    Cli.Result r = ok("get", uri(bucket) + "/notes/deep/b.txt", out.toString());
    assertThat(Files.readString(out)).isEqualTo("bravo!");
    assertThat(r.out()).contains("downloaded", "(6 bytes)");
  }

  @Test
  void get_fileIntoDirectory_keepsItsName() throws IOException {
    ok("sync", src.toString(), bucket.toString());
    Path out = Files.createDirectories(tmp.resolve("out"));
    ok("get", uri(bucket) + "/readme.md", out.toString());
    assertThat(Files.readString(out.resolve("readme.md"))).isEqualTo("hello storage\n");
  }

  @Test
  void get_folder_downloadsEveryFile() throws IOException {
    ok("sync", src.toString(), bucket.toString());
    Path out = tmp.resolve("mirror");
    ok("get", uri(bucket) + "/notes/", out.toString());
    assertThat(files(out)).containsExactly("a.txt", "deep/b.txt");
  }

  @Test
  void get_folderWithoutSlash_saysToAddIt() {
    ok("sync", src.toString(), bucket.toString());
    Cli.Result r = cli.run("get", "file:" + bucket.toAbsolutePath() + "/notes/deep", tmp.resolve("x").toString());
    // a local directory counts as a folder even without the slash
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(Files.exists(tmp.resolve("x/b.txt"))).isTrue();
  }

  @Test
  void put_file_storesItUnderTheKey() throws IOException {
    ok("put", src.resolve("readme.md").toString(), uri(bucket) + "/docs/intro.md");
    assertThat(Files.readString(bucket.resolve("docs/intro.md"))).isEqualTo("hello storage\n");
  }

  @Test
  void put_fileIntoFolder_keepsItsName() throws IOException {
    ok("put", src.resolve("readme.md").toString(), uri(bucket) + "/docs/");
    assertThat(files(bucket)).containsExactly("docs/readme.md");
  }

  @Test
  void put_directory_storesRelativeKeys() throws IOException {
    Cli.Result r = ok("put", src.toString(), uri(bucket) + "/site");
    assertThat(files(bucket)).containsExactly("site/notes/a.txt", "site/notes/deep/b.txt", "site/readme.md");
    assertThat(r.out()).contains("uploaded 3 file(s), 25 bytes");
  }

  @Test
  void put_missingLocalFile_exitsNotFound() {
    Cli.Result r = cli.run("put", tmp.resolve("nope.txt").toString(), uri(bucket) + "/x");
    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("nope.txt", "no such local file");
  }

  @Test
  void cp_betweenLocalFolders_copiesTheFile() throws IOException {
    ok("cp", src.resolve("notes/a.txt").toString(), uri(bucket) + "/copied/a2.txt");
    assertThat(Files.readString(bucket.resolve("copied/a2.txt"))).isEqualTo("alpha");
  }

  @Test
  void cp_folderSource_isUsageErrorPointingToSync() {
    Cli.Result r = cli.run("cp", src.toString(), bucket.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("storage sync");
  }

  // ---------------------------------------------------------------- rm

  @Test
  void rm_file_deletesIt() throws IOException {
    ok("sync", src.toString(), bucket.toString());
    ok("rm", uri(bucket) + "/readme.md");
    assertThat(files(bucket)).containsExactly("notes/a.txt", "notes/deep/b.txt");
  }

  @Test
  void rm_missingFile_exitsNotFound() throws IOException {
    Files.createDirectories(bucket);
    Cli.Result r = cli.run("rm", uri(bucket) + "/nope.txt");
    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("nope.txt: no such file");
  }

  @Test
  void rm_folderWithoutRecursive_isUsageErrorAndDeletesNothing() throws IOException {
    ok("sync", src.toString(), bucket.toString());
    Cli.Result r = cli.run("rm", bucket.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("rm --recursive");
    assertThat(files(bucket)).hasSize(3);
  }

  @Test
  void rm_recursiveConfirmed_deletesOnlyTheFolder() throws IOException {
    ok("sync", src.toString(), bucket.toString());
    write(bucket.resolve("notes-old/keep.txt"), "not below notes/");
    Cli.Result r = cli.stdin("y\n").run("rm", "--recursive", uri(bucket) + "/notes");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("Delete 2 file(s) below");
    assertThat(files(bucket)).containsExactly("notes-old/keep.txt", "readme.md");
  }

  @Test
  void rm_recursiveDeclined_exitsAbortedAndKeepsFiles() throws IOException {
    ok("sync", src.toString(), bucket.toString());
    Cli.Result r = cli.stdin("n\n").run("rm", "-r", uri(bucket) + "/notes/");
    assertThat(r.code()).isEqualTo(ExitCodes.ABORTED);
    assertThat(r.err()).contains("--yes");
    assertThat(files(bucket)).hasSize(3);
  }

  @Test
  void rm_recursiveWithoutStdin_exitsAbortedAndKeepsFiles() throws IOException {
    ok("sync", src.toString(), bucket.toString());
    Cli.Result r = cli.run("rm", "-r", bucket.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.ABORTED);
    assertThat(files(bucket)).hasSize(3);
  }

  @Test
  void rm_recursiveYes_deletesWithoutAsking() throws IOException {
    ok("sync", src.toString(), bucket.toString());
    Cli.Result r = ok("rm", "-r", "--yes", bucket.toString());
    assertThat(files(bucket)).isEmpty();
    assertThat(r.err()).doesNotContain("Delete");
    assertThat(r.out()).contains("deleted 3 of 3 file(s)");
  }

  @Test
  void rm_recursive_reportsEachKeyThatFailed_andExitsPartial() throws IOException {
    ok("sync", src.toString(), bucket.toString());
    write(bucket.resolve("bad\u0007name.txt"), "a name another tool wrote");
    Cli.Result r = cli.run("rm", "-r", "--yes", bucket.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(r.err()).contains("failed to delete bad", "invalid key");
    assertThat(r.out()).contains("deleted 3 of 4 file(s)");
    assertThat(files(bucket)).hasSize(1);
  }

  // ---------------------------------------------------------------- stat, write flags, presign

  @Test
  void stat_printsEverythingKnown_andJsonToo() {
    ok("put", "--content-type", "text/x-readme", "--metadata", "owner=ann", "--metadata", "team=core",
        src.resolve("readme.md").toString(), uri(bucket) + "/readme.md");
    String text = ok("stat", uri(bucket) + "/readme.md").out();
    assertThat(text).contains("size:                14", "content-type:        text/x-readme",
        "metadata owner:      ann", "metadata team:       core").containsPattern("checksum CRC32C: +[0-9a-f]{8}")
        .containsPattern("etag: +\\S+").containsPattern("modified: +\\d{4}-");
    JsonObject json = JsonParser.parseString(ok("stat", "--json", uri(bucket) + "/readme.md").out()).getAsJsonObject();
    assertThat(json.get("size").getAsLong()).isEqualTo(14);
    assertThat(json.get("contentType").getAsString()).isEqualTo("text/x-readme");
    assertThat(json.getAsJsonObject("metadata").get("team").getAsString()).isEqualTo("core");
    assertThat(json.getAsJsonObject("checksums").get("CRC32C").getAsString())
        .isEqualTo(crc32c("hello storage\n"));
    Cli.Result missing = cli.run("stat", uri(bucket) + "/nope.md");
    assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missing.err()).contains("nope.md: no such file");
  }

  private static String crc32c(String text) {
    org.storagekit.Checksum.Hasher h = org.storagekit.Checksum.hasher(org.storagekit.Checksum.Algorithm.CRC32C);
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    h.update(b, 0, b.length);
    return h.finish().hex();
  }

  @Test
  void put_ifNotExists_createsOnce_thenExitsPreconditionFailedAndKeepsTheFile() throws IOException {
    ok("put", "--if-not-exists", src.resolve("readme.md").toString(), uri(bucket) + "/once.md");
    Cli.Result again = cli.run("put", "--if-not-exists", src.resolve("notes/a.txt").toString(), uri(bucket) + "/once.md");
    assertThat(again.code()).as(again.toString()).isEqualTo(ExitCodes.PRECONDITION);
    assertThat(again.err()).contains("once.md", "nothing was written");
    assertThat(Files.readString(bucket.resolve("once.md"))).isEqualTo("hello storage\n");
    assertThat(files(bucket)).containsExactly("once.md");
    Cli.Result dir = cli.run("put", "--if-not-exists", src.toString(), uri(bucket) + "/tree");
    assertThat(dir.code()).as(dir.toString()).isZero();
    Cli.Result dirAgain = cli.run("put", "--if-not-exists", src.toString(), uri(bucket) + "/tree");
    assertThat(dirAgain.code()).as(dirAgain.toString()).isNotZero();
    assertThat(dirAgain.err()).contains("readme.md");
  }

  @Test
  void put_badMetadataName_exitsUsageAndWritesNothing() {
    Cli.Result r = cli.run("put", "--metadata", "Bad-Name=x", src.resolve("readme.md").toString(), uri(bucket) + "/x");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Bad-Name");
    assertThat(Files.exists(bucket.resolve("x"))).isFalse();
  }

  @Test
  void cp_keepsTheSourcesMetadata_replacesItWithFlags_andHonoursIfNotExists() throws IOException {
    ok("put", "--metadata", "owner=ann", "--content-type", "text/x-a", src.resolve("notes/a.txt").toString(),
        uri(bucket) + "/a.txt");
    ok("cp", uri(bucket) + "/a.txt", uri(bucket) + "/kept.txt");
    JsonObject kept = JsonParser.parseString(ok("stat", "--json", uri(bucket) + "/kept.txt").out()).getAsJsonObject();
    assertThat(kept.get("contentType").getAsString()).isEqualTo("text/x-a");
    assertThat(kept.getAsJsonObject("metadata").get("owner").getAsString()).isEqualTo("ann");
    ok("cp", "--metadata", "owner=bob", uri(bucket) + "/a.txt", uri(bucket) + "/sub/replaced.txt");
    JsonObject replaced = JsonParser.parseString(ok("stat", "--json", uri(bucket) + "/sub/replaced.txt").out())
        .getAsJsonObject();
    assertThat(replaced.get("contentType").getAsString()).isEqualTo("text/plain");
    assertThat(replaced.getAsJsonObject("metadata").get("owner").getAsString()).isEqualTo("bob");
    Cli.Result exists = cli.run("cp", "--if-not-exists", src.resolve("readme.md").toString(), uri(bucket) + "/a.txt");
    assertThat(exists.code()).as(exists.toString()).isEqualTo(ExitCodes.PRECONDITION);
    assertThat(Files.readString(bucket.resolve("a.txt"))).isEqualTo("alpha");
    Path out = tmp.resolve("down");
    ok("cp", "--content-type", "text/x-down", uri(bucket) + "/a.txt", out + "/");
    assertThat(ok("stat", "--json", out.resolve("a.txt").toString()).out()).contains("text/x-down");
  }

  @Test
  void presign_onTheLocalDisk_exitsUnsupported_andBadDurationsAreUsageErrors() throws IOException {
    ok("put", src.resolve("readme.md").toString(), uri(bucket) + "/r.md");
    Cli.Result r = cli.run("presign", "--expires", "15m", uri(bucket) + "/r.md");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.UNSUPPORTED);
    assertThat(r.err()).contains("PRESIGN");
    Cli.Result bad = cli.run("presign", "--expires", "soon", uri(bucket) + "/r.md");
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("soon", "90s, 15m, 1h or 7d");
    assertThat(cli.run("presign", "--content-type", "text/plain", uri(bucket) + "/r.md").err()).contains("--put");
    assertThat(new PresignCommand.DurationConverter().convert("90s")).isEqualTo(java.time.Duration.ofSeconds(90));
    assertThat(new PresignCommand.DurationConverter().convert("7d")).isEqualTo(java.time.Duration.ofDays(7));
    assertThat(new PresignCommand.DurationConverter().convert("1h")).isEqualTo(java.time.Duration.ofHours(1));
  }

  @Test
  void ls_usesFolderListings_emptyDirectoriesAreNoFolders_andPrefixesMatchInTheFolder() throws IOException {
    ok("sync", src.toString(), bucket.toString());
    Files.createDirectories(bucket.resolve("empty/inside"));
    write(bucket.resolve("notes-2.txt"), "2");
    assertThat(ok("ls", uri(bucket)).out().lines()).containsExactly("notes-2.txt", "notes/", "readme.md");
    assertThat(ok("ls", uri(bucket) + "/note").out().lines()).containsExactly("notes-2.txt", "notes/");
    assertThat(ok("ls", uri(bucket) + "/notes/").out().lines()).containsExactly("a.txt", "deep/");
    assertThat(ok("ls", "-r", uri(bucket) + "/note").out().lines())
        .containsExactly("notes-2.txt", "notes/a.txt", "notes/deep/b.txt");
    JsonArray empty = JsonParser.parseString(ok("ls", "--json", bucket.resolve("empty") + "/").out()).getAsJsonArray();
    assertThat(empty).isEmpty();
  }

  // ---------------------------------------------------------------- providers, usage, configuration

  @Test
  void providers_json_listsTheFileScheme() {
    JsonArray list = JsonParser.parseString(ok("providers", "--json").out()).getAsJsonArray();
    JsonObject file = null;
    for (JsonElement e : list) {
      if (e.getAsJsonObject().get("scheme").getAsString().equals("file")) {
        file = e.getAsJsonObject();
      }
    }
    assertThat(file).isNotNull();
    assertThat(strings(file.getAsJsonArray("capabilities"))).contains("WRITE", "RANGED_READ", "COPY", "ETAG");
  }

  @Test
  void providers_text_showsSchemeAndCapabilities() {
    assertThat(ok("providers").out()).containsPattern("(?m)^file +\\S*WRITE\\S* +org\\.storagekit\\.local\\.");
  }

  @Test
  void unknownOption_exitsUsage() {
    Cli.Result r = cli.run("ls", "--frobnicate", bucket.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--frobnicate", "storage ls --help");
  }

  @Test
  void malformedProperty_exitsUsageWithoutEchoingItsValue() {
    Cli.Result r = cli.run("-D", "s3.secret-key", "ls", bucket.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("-D").doesNotContain("s3.secret-key");
  }

  @Test
  void noCommand_exitsUsageWithHelp() {
    Cli.Result r = cli.run();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Commands:", "Exit codes:");
  }

  @Test
  void unknownScheme_exitsUsageListingSchemes() {
    Cli.Result r = cli.run("ls", "nosuch://bucket/x");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("nosuch", "file");
  }

  @Test
  void help_listsExitCodesAndConfiguration() {
    Cli.Result r = ok("--help");
    assertThat(r.out()).contains("7 some files failed", "10 precondition failed", "11 check found", "12 sync --delete",
        "STORAGEKIT_", "storage.properties", "stat", "presign", "check", "du");
    for (String command : List.of("stat", "presign", "put", "cp", "ls", "rm", "sync", "check", "du")) {
      assertThat(ok("help", command).out()).as(command).contains("Example: storage " + command);
    }
    assertThat(ok("help", "put").out()).contains("--content-type", "--metadata", "--if-not-exists");
    assertThat(ok("help", "presign").out()).contains("--put", "--expires", "--content-type");
    for (String command : List.of("sync", "check")) {
      assertThat(ok("help", command).out()).as(command).contains("--checksum", "--size-only", "--update",
          "--ignore-existing");
    }
    assertThat(ok("help", "sync").out()).contains("--max-delete");
    assertThat(ok("--help").out()).contains("mv");
    assertThat(ok("help", "mv").out()).contains("Example: storage mv", "--recursive", "--dry-run");
    for (String command : List.of("sync", "check", "ls", "du", "get", "put", "rm", "mv")) {
      assertThat(ok("help", command).out()).as(command).contains("--include", "--exclude", "--exclude-from",
          "--min-size", "--max-size", "--min-age", "--max-age");
    }
    for (String command : List.of("put", "cp", "rm", "sync", "mv", "get")) {
      assertThat(ok("help", command).out()).as(command).contains("--dry-run");
    }
  }

  @Test
  void properties_commandLineOverridesEnvironmentOverridesConfigFile() throws IOException {
    ok("sync", src.toString(), bucket.toString());
    Path config = tmp.resolve("storage.properties");
    Files.writeString(config, "parallelism=fromfile\n");
    Cli.Result fromFile = cli.run("--config", config.toString(), "ls", bucket.toString());
    assertThat(fromFile.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(fromFile.err()).contains("parallelism", "fromfile");

    cli.env("STORAGEKIT_PARALLELISM", "fromenv");
    Cli.Result fromEnv = cli.run("--config", config.toString(), "ls", bucket.toString());
    assertThat(fromEnv.err()).contains("fromenv");

    ok("--config", config.toString(), "-D", "parallelism=2", "ls", bucket.toString());
  }

  @Test
  void properties_configFileFromEnvironment_isRead() throws IOException {
    Path config = tmp.resolve("other.properties");
    Files.writeString(config, "parallelism=viaenvfile\n");
    Files.createDirectories(bucket);
    Cli.Result r = cli.env(StorageCli.CONFIG_ENV, config.toString()).run("ls", bucket.toString());
    assertThat(r.err()).contains("viaenvfile");
  }

  @Test
  void properties_missingConfigFile_exitsUsage() {
    Cli.Result r = cli.run("--config", tmp.resolve("nope.properties").toString(), "providers");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("nope.properties", "no such config file");
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.getAsString()));
    return out;
  }
}

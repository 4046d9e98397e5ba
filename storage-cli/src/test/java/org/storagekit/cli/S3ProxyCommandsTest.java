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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands against S3 (storage-s3) on an embedded S3Proxy, run in process through picocli. */
class S3ProxyCommandsTest {
  @TempDir
  Path tmp;

  private final S3ProxyFixture s3 = S3ProxyFixture.get();
  private final Cli cli = new Cli();
  private Path src;
  private String bucket;

  @BeforeEach
  void sample() throws IOException {
    src = tmp.resolve("src");
    write(src.resolve("readme.md"), "hello storage\n");
    write(src.resolve("notes/a.txt"), "alpha");
    write(src.resolve("notes/deep/b.txt"), "bravo!");
    bucket = s3.newBucket("cli-" + UUID.randomUUID().toString().substring(0, 8));
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(s3.options());
    all.addAll(List.of(args));
    return cli.run(all.toArray(String[]::new));
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = run(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r;
  }

  private String s3(String path) {
    return "s3://" + bucket + "/" + path;
  }

  private List<String> keys(String folder) {
    List<String> keys = new ArrayList<>();
    JsonParser.parseString(ok("ls", "--json", "--recursive", s3(folder)).out()).getAsJsonArray()
        .forEach(e -> keys.add(e.getAsJsonObject().get("key").getAsString()));
    return keys;
  }

  private static List<String> localFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void filtersDryRunAndMv_onS3_workServerSideAndChangeNothingWhenDry() throws IOException {
    ok("sync", "--exclude", "deep/", src.toString(), s3("site/"));
    assertThat(keys("site/")).containsExactly("notes/a.txt", "readme.md");
    assertThat(ok("ls", "-r", "--include", "*.md", s3("site/")).out().lines().toList()).containsExactly("readme.md");
    assertThat(ok("du", "--max-size", "5", s3("site/")).out()).contains("1 file(s), 5 bytes");
    assertThat(ok("check", "--exclude", "deep/", src.toString(), s3("site/")).out()).contains("2 matching");
    Cli.Result dry = ok("mv", "-r", "--dry-run", s3("site/"), s3("archive/"));
    assertThat(dry.out()).contains("would move notes/a.txt", "would move readme.md");
    assertThat(keys("site/")).hasSize(2);
    Cli.Result mv = ok("mv", "-r", "--include", "*.txt", s3("site/"), s3("archive/"));
    assertThat(mv.out()).contains("moved 1 file(s), 5 bytes");
    assertThat(keys("")).containsExactly("archive/notes/a.txt", "site/readme.md");
    ok("mv", s3("site/readme.md"), s3("archive/readme.md"));
    assertThat(keys("")).containsExactly("archive/notes/a.txt", "archive/readme.md");
    ok("rm", "-r", "-n", "--yes", s3("archive/"));
    ok("put", "-n", src.toString(), s3("more/"));
    Path down = tmp.resolve("down");
    ok("get", "--include", "*.md", s3("archive/"), down.toString());
    assertThat(localFiles(down)).containsExactly("readme.md");
    assertThat(keys("")).containsExactly("archive/notes/a.txt", "archive/readme.md");
  }

  @Test
  void sync_localToS3_copiesThenFindsEverythingUpToDate() {
    Cli.Result first = ok("sync", src.toString(), s3("site/"));
    assertThat(first.out()).contains("synced: copied 3 file(s) (25 bytes)");
    assertThat(keys("site/")).containsExactly("notes/a.txt", "notes/deep/b.txt", "readme.md");

    Cli.Result second = ok("sync", src.toString(), s3("site"));
    assertThat(second.out()).contains("copied 0 file(s)", "3 up to date");
  }

  @Test
  void sync_changedLocalFileOfSameSize_isCopiedByTime() throws IOException {
    ok("sync", src.toString(), s3("site/"));
    write(src.resolve("notes/a.txt"), "ALPHA");
    // S3 listings carry no typed checksum (an ETag is never read as an MD5): newer is what tells
    Files.setLastModifiedTime(src.resolve("notes/a.txt"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    Cli.Result r = ok("sync", src.toString(), s3("site/"));
    assertThat(r.out()).contains("copied notes/a.txt", "copied 1 file(s)");
    assertThat(ok("cat", s3("site/notes/a.txt")).out()).isEqualTo("ALPHA");
  }

  @Test
  void checkAndDu_localAgainstS3_streamTheMergedListings() throws IOException {
    ok("sync", src.toString(), s3("site/"));
    assertThat(ok("check", src.toString(), s3("site/")).out()).contains("checked: 3 matching, 0 missing, 0 extra");
    assertThat(ok("du", s3("site/")).out()).startsWith("3 file(s), 25 bytes in s3://");
    assertThat(ok("du", "--json", s3("site/notes/")).out()).contains("\"files\":2", "\"bytes\":11");
    write(src.resolve("notes/a.txt"), "ALPHA");
    Files.setLastModifiedTime(src.resolve("notes/a.txt"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    Cli.Result r = run("check", src.toString(), s3("site/"));
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.DIFFERENCES);
    assertThat(r.out()).contains("differs notes/a.txt", "2 matching");
    // S3 listings carry no typed checksum: --checksum falls back to the size, as documented
    assertThat(ok("check", "--checksum", src.toString(), s3("site/")).out()).contains("3 matching");
    assertThat(ok("check", "--size-only", src.toString(), s3("site/")).out()).contains("3 matching");
  }

  @Test
  void sync_s3ToLocal_maxDeleteAndIgnoreExisting() throws IOException {
    ok("sync", src.toString(), s3("site/"));
    Path back = tmp.resolve("back");
    write(back.resolve("readme.md"), "kept as is");
    write(back.resolve("x1"), "extra");
    write(back.resolve("x2"), "extra");
    Cli.Result r = run("sync", "--ignore-existing", "--delete", "--max-delete", "1", s3("site/"), back.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.MAX_DELETE);
    assertThat(localFiles(back)).containsExactly("notes/a.txt", "notes/deep/b.txt", "readme.md", "x1", "x2");
    assertThat(Files.readString(back.resolve("readme.md"))).isEqualTo("kept as is");
    assertThat(ok("sync", "--delete", s3("site/"), back.toString()).out()).contains("deleted x1", "deleted 2");
  }

  @Test
  void ls_json_showsMd5Etags() {
    ok("sync", src.toString(), s3("site/"));
    JsonArray list = JsonParser.parseString(ok("ls", "--json", s3("site/")).out()).getAsJsonArray();
    assertThat(list).hasSize(2);
    JsonObject readme = list.get(1).getAsJsonObject();
    assertThat(readme.get("key").getAsString()).isEqualTo("readme.md");
    assertThat(readme.get("size").getAsLong()).isEqualTo(14);
    assertThat(readme.get("etag").getAsString()).containsPattern("[0-9a-f]{32}");
  }

  @Test
  void ls_prefixWithoutSlash_listsMatchingKeysAndFolders() {
    ok("sync", src.toString(), s3("site/"));
    assertThat(ok("ls", s3("site/no")).out().lines()).containsExactly("notes/");
    assertThat(ok("ls", s3("site")).out().lines()).containsExactly("site/");
  }

  @Test
  void catAndGet_s3File_returnTheBytes() throws IOException {
    ok("sync", src.toString(), s3("site/"));
    assertThat(ok("cat", s3("site/notes/deep/b.txt")).out()).isEqualTo("bravo!");
    Path out = tmp.resolve("b.txt");
    ok("get", s3("site/notes/deep/b.txt"), out.toString());
    assertThat(Files.readString(out)).isEqualTo("bravo!");
    Path mirror = tmp.resolve("mirror");
    ok("get", s3("site/notes/"), mirror.toString());
    assertThat(localFiles(mirror)).containsExactly("a.txt", "deep/b.txt");
  }

  @Test
  void cat_missingKey_exitsNotFoundAndSaysFolderNeedsSlash() {
    ok("sync", src.toString(), s3("site/"));
    Cli.Result missing = run("cat", s3("site/nope.txt"));
    assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missing.err()).contains(s3("site/nope.txt") + ": no such file");
    Cli.Result folder = run("cat", s3("site/notes"));
    assertThat(folder.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(folder.err()).contains("it is a folder: add a trailing '/'");
  }

  @Test
  void put_fileAndDirectory_storeTheKeys() {
    ok("put", src.resolve("readme.md").toString(), s3("docs/"));
    ok("put", src.toString(), s3("tree"));
    assertThat(keys("")).containsExactly("docs/readme.md", "tree/notes/a.txt", "tree/notes/deep/b.txt",
        "tree/readme.md");
  }

  @Test
  void stat_s3File_printsWhatS3Knows() {
    ok("put", src.resolve("readme.md").toString(), s3("docs/readme.md"));
    JsonObject stat = JsonParser.parseString(ok("stat", "--json", s3("docs/readme.md")).out()).getAsJsonObject();
    assertThat(stat.get("size").getAsLong()).isEqualTo(14);
    assertThat(stat.get("etag").getAsString()).isNotEmpty();
    assertThat(run("stat", s3("docs/nope.md")).code()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void presign_getAndPut_urlsWorkWithoutCredentials() throws Exception {
    ok("put", src.resolve("readme.md").toString(), s3("p/readme.md"));
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String get = ok("presign", "--expires", "90s", s3("p/readme.md")).out().trim();
    java.net.http.HttpResponse<String> got = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(get))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("hello storage\n");
    String put = ok("presign", "--put", "--expires", "15m", "--content-type", "text/plain", s3("p/up.txt")).out().trim();
    java.net.http.HttpResponse<String> sent = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(put))
        .header("Content-Type", "text/plain").PUT(java.net.http.HttpRequest.BodyPublishers.ofString("uploaded"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
    assertThat(ok("cat", s3("p/up.txt")).out()).isEqualTo("uploaded");
    assertThat(run("presign", "--expires", "8d", s3("p/up.txt")).code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void rm_recursive_deletesInBatchesFromTheListing() {
    ok("sync", src.toString(), s3("site/"));
    Cli.Result r = ok("rm", "-r", "--yes", s3("site/"));
    assertThat(r.out()).contains("deleted 3 of 3 file(s)");
    assertThat(keys("")).isEmpty();
  }

  @Test
  void cp_insideOneBucket_isServerSide() {
    ok("put", src.resolve("readme.md").toString(), s3("a/readme.md"));
    Cli.Result r = ok("cp", s3("a/readme.md"), s3("b/c/copy.md"));
    assertThat(r.out()).contains("server-side copy");
    assertThat(ok("cat", s3("b/c/copy.md")).out()).isEqualTo("hello storage\n");
  }

  @Test
  void cp_betweenBuckets_streamsThroughTheProcess() {
    String other = s3.newBucket(bucket + "-other");
    ok("put", src.resolve("readme.md").toString(), s3("readme.md"));
    Cli.Result r = ok("cp", s3("readme.md"), "s3://" + other + "/in/");
    assertThat(r.out()).contains("copied through this process");
    assertThat(ok("cat", "s3://" + other + "/in/readme.md").out()).isEqualTo("hello storage\n");
  }

  @Test
  void cp_s3ToLocalAndBack_roundTrips() throws IOException {
    ok("cp", src.resolve("notes/a.txt").toString(), s3("x/a.txt"));
    Path local = tmp.resolve("down/a.txt");
    Cli.Result r = ok("cp", s3("x/a.txt"), local.toString());
    assertThat(r.out()).contains("downloaded");
    assertThat(Files.readString(local)).isEqualTo("alpha");
  }

  @Test
  void sync_s3ToS3InOneBucket_copiesServerSideAndDeletesExtras() {
    ok("sync", src.toString(), s3("one/"));
    ok("put", src.resolve("readme.md").toString(), s3("two/extra.md"));
    Cli.Result r = ok("sync", "--delete", "--json", s3("one"), s3("two"));
    JsonObject summary = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(summary.getAsJsonArray("copied")).hasSize(3);
    assertThat(summary.getAsJsonArray("deleted").get(0).getAsString()).isEqualTo("extra.md");
    assertThat(keys("two/")).containsExactly("notes/a.txt", "notes/deep/b.txt", "readme.md");
    assertThat(ok("sync", s3("one"), s3("two")).out()).contains("3 up to date");
  }

  @Test
  void sync_s3ToLocal_downloadsAndSecondRunIsUpToDate() throws IOException {
    ok("sync", src.toString(), s3("site/"));
    Path mirror = tmp.resolve("mirror");
    ok("sync", s3("site/"), mirror.toString());
    assertThat(localFiles(mirror)).containsExactly("notes/a.txt", "notes/deep/b.txt", "readme.md");
    assertThat(ok("sync", s3("site/"), mirror.toString()).out()).contains("3 up to date");
  }

  @Test
  void sync_s3ToLocalWithFailedTransfer_keepsExtrasAndExitsPartial() throws IOException {
    ok("sync", src.toString(), s3("site/"));
    Path mirror = tmp.resolve("mirror");
    write(mirror.resolve("notes"), "a file where S3 has a folder");
    write(mirror.resolve("extra.txt"), "only here");
    Cli.Result r = run("sync", "--delete", s3("site/"), mirror.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(localFiles(mirror)).containsExactly("extra.txt", "notes", "readme.md");
    assertThat(r.err()).contains("failed notes/a.txt", "kept 2 extra file(s)");
  }

  @Test
  void get_folderWithUnsafeKeys_downloadsEverySafeFileNamesEveryUnsafeKeyAndExitsPartial() throws IOException {
    ok("put", src.toString(), s3("mixed/"));
    s3.writeDirect(bucket, "mixed/../escape", "outside".getBytes(StandardCharsets.UTF_8));
    s3.writeDirect(bucket, "mixed/a/../../b", "outside".getBytes(StandardCharsets.UTF_8));
    Path out = tmp.resolve("out/inner");
    Cli.Result r = run("get", s3("mixed/"), out.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(localFiles(out)).containsExactly("notes/a.txt", "notes/deep/b.txt", "readme.md");
    assertThat(Files.readString(out.resolve("notes/deep/b.txt"))).isEqualTo("bravo!");
    assertThat(localFiles(tmp.resolve("out"))).as("nothing outside the target").allMatch(p -> p.startsWith("inner"));
    assertThat(r.err()).contains("'../escape'", "'a/../../b'", "2 unsafe key(s) refused");
    assertThat(r.out()).contains("downloaded 3 file(s), 25 bytes");
  }

  @Test
  void rm_recursiveYes_deletesTheFolderOnly() {
    ok("sync", src.toString(), s3("site/"));
    ok("put", src.resolve("readme.md").toString(), s3("site-old/readme.md"));
    ok("rm", "-r", "--yes", s3("site"));
    assertThat(keys("")).containsExactly("site-old/readme.md");
  }

  @Test
  void wrongSecret_exitsAccessDeniedWithoutPrintingTheSecret() {
    List<String> args = new ArrayList<>(s3.options("the-wrong-secret-value"));
    args.addAll(List.of("--debug", "ls", s3("")));
    Cli.Result r = cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(r.err()).contains("s3://" + bucket, "check the credentials").doesNotContain("the-wrong-secret-value");
    assertThat(r.out()).doesNotContain("the-wrong-secret-value");
  }

  @Test
  void credentialsFromEnvironment_areUsed() {
    Cli.Result r = new Cli()
        .env("STORAGEKIT_S3_ENDPOINT", s3.endpoint().toString())
        .env("STORAGEKIT_S3_PATH_STYLE", "true")
        .env("STORAGEKIT_S3_REGION", "us-east-1")
        .env("STORAGEKIT_S3_ACCESS_KEY", S3ProxyFixture.ACCESS_KEY)
        .env("STORAGEKIT_S3_SECRET_KEY", S3ProxyFixture.SECRET_KEY)
        .run("put", src.resolve("readme.md").toString(), s3("env/readme.md"));
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(keys("env/")).containsExactly("readme.md");
  }

  @Test
  void missingBucket_exitsNotFound() {
    Cli.Result r = run("ls", "s3://no-such-bucket-here/");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("no-such-bucket-here");
  }

  @Test
  void unreachableEndpoint_exitsTransient() {
    Cli.Result r = cli.run("-D", "s3.endpoint=http://127.0.0.1:1", "-D", "s3.path-style=true", "-D",
        "s3.region=us-east-1", "-D", "s3.access-key=a", "-D", "s3.secret-key=b", "-D", "retry.max-attempts=1",
        "ls", s3(""));
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.TRANSIENT);
    assertThat(r.err()).contains("retry later");
  }

  @Test
  void providers_listsS3WithServerSideCopy() {
    for (JsonElement e : JsonParser.parseString(ok("providers", "--json").out()).getAsJsonArray()) {
      if (e.getAsJsonObject().get("scheme").getAsString().equals("s3")) {
        assertThat(e.getAsJsonObject().getAsJsonArray("capabilities").toString()).contains("SERVER_SIDE_COPY");
        return;
      }
    }
    throw new AssertionError("no s3 provider listed");
  }
}

package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded jar ({@code target/storage.jar}, built in the package phase) as a child process,
 * as a user would: {@code java -jar storage.jar ...} with stdout and stderr piped.
 */
class StorageJarIT {
  @TempDir
  Path tmp;

  private Path src;
  private Path bucket;

  @BeforeEach
  void sampleFolder() throws IOException {
    src = tmp.resolve("sample");
    Files.createDirectories(src.resolve("notes"));
    Files.writeString(src.resolve("notes/hello.txt"), "hello from the jar\n");
    Files.writeString(src.resolve("data.csv"), "a,b\n1,2\n");
    bucket = tmp.resolve("bucket");
  }

  record Run(int code, String out, String err) {}

  /** Runs {@code java -jar storage.jar args...} in {@code tmp} with piped output; a hang guard of a minute. */
  Run storage(String... args) throws IOException, InterruptedException {
    return java(List.of(), 60, args);
  }

  /**
   * Runs {@code java JVM_OPTIONS -jar storage.jar args...}; {@code limitSeconds} only guards against a
   * hang (the run is killed and the test fails), it measures nothing.
   */
  Run java(List<String> jvmOptions, long limitSeconds, String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("storage.jar");
    assertThat(jar).as("system property storage.jar (set by failsafe)").isNotNull();
    assertThat(Path.of(jar)).as("the shaded jar; run 'mvn verify'").isRegularFile();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("STORAGEKIT_"));
    env.put("HOME", tmp.resolve("home").toString());
    Path out = tmp.resolve("stdout");
    Path err = tmp.resolve("stderr");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("storage " + command + " did not finish within the " + limitSeconds + " s guard");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void checkAndDu_throughTheJar_exitElevenOnDifferences() throws Exception {
    assertThat(storage("sync", src.toString(), "file:" + bucket).code()).isZero();
    Run same = storage("check", src.toString(), "file:" + bucket);
    assertThat(same.code()).as(same.toString()).isZero();
    Files.writeString(bucket.resolve("extra.txt"), "only here");
    Run diff = storage("check", src.toString(), "file:" + bucket);
    assertThat(diff.code()).as(diff.toString()).isEqualTo(11);
    assertThat(diff.out()).contains("extra extra.txt", "1 extra");
    Run du = storage("du", "--json", "file:" + bucket + "/");
    assertThat(du.code()).as(du.toString()).isZero();
    assertThat(du.out()).contains("\"files\":3");
    Run limited = storage("sync", "--delete", "--max-delete", "0", src.toString(), "file:" + bucket);
    assertThat(limited.code()).as(limited.toString()).isEqualTo(12);
    assertThat(bucket.resolve("extra.txt")).exists();
  }

  @Test
  void syncLsGet_localBackend_roundTripsThroughTheJar() throws Exception {
    Run sync = storage("sync", src.toString(), "file:" + bucket);
    assertThat(sync.code()).as(sync.toString()).isZero();
    assertThat(sync.out()).contains("copied notes/hello.txt", "synced: copied 2 file(s)");
    assertThat(sync.err()).as("no progress bar or log noise when piped").isEmpty();

    Run ls = storage("ls", "--json", "--recursive", "file:" + bucket);
    assertThat(ls.code()).isZero();
    JsonArray list = JsonParser.parseString(ls.out()).getAsJsonArray();
    List<String> keys = new ArrayList<>();
    for (JsonElement e : list) {
      keys.add(e.getAsJsonObject().get("key").getAsString());
    }
    assertThat(keys).containsExactly("data.csv", "notes/hello.txt");

    Path back = tmp.resolve("back.txt");
    Run get = storage("get", "file:" + bucket + "/notes/hello.txt", back.toString());
    assertThat(get.code()).as(get.toString()).isZero();
    assertThat(Files.readString(back)).isEqualTo("hello from the jar\n");

    Run again = storage("sync", src.toString(), "file:" + bucket);
    assertThat(again.out()).contains("copied 0 file(s)", "2 up to date");
  }

  @Test
  void putIfNotExistsAndStat_throughTheJar_exitTenAndShowTheMetadata() throws Exception {
    String key = "file:" + bucket + "/notes/hello.txt";
    Run put = storage("put", "--metadata", "owner=ann", "--if-not-exists", src.resolve("notes/hello.txt").toString(), key);
    assertThat(put.code()).as(put.toString()).isZero();
    Run again = storage("put", "--if-not-exists", src.resolve("data.csv").toString(), key);
    assertThat(again.code()).as(again.toString()).isEqualTo(ExitCodes.PRECONDITION);
    assertThat(again.err()).contains("hello.txt").doesNotContain("\tat ");
    Run stat = storage("stat", "--json", key);
    assertThat(stat.code()).as(stat.toString()).isZero();
    com.google.gson.JsonObject json = JsonParser.parseString(stat.out()).getAsJsonObject();
    assertThat(json.get("size").getAsLong()).isEqualTo(19);
    assertThat(json.get("contentType").getAsString()).isEqualTo("text/plain");
    assertThat(json.getAsJsonObject("metadata").get("owner").getAsString()).isEqualTo("ann");
    assertThat(json.getAsJsonObject("checksums").has("CRC32C")).isTrue();
  }

  @Test
  void filtersDryRunAndMv_throughTheJar() throws Exception {
    Path rules = tmp.resolve("rules");
    Files.writeString(rules, "# no csv\n*.csv\n");
    Run sync = storage("sync", "--exclude-from", rules.toString(), "--include", "*.txt", "--min-size", "1",
        "--max-size", "1M", "--min-age", "0s", "--max-age", "P1D", src.toString(), "file:" + bucket);
    assertThat(sync.code()).as(sync.toString()).isZero();
    assertThat(sync.out()).contains("copied 1 file(s)", "1 excluded by filters");
    Run ls = storage("ls", "-r", "--exclude", "*.txt", "file:" + bucket + "/");
    assertThat(ls.out()).as(ls.toString()).isEmpty();
    Run bad = storage("du", "--include", "[x", "file:" + bucket + "/");
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("glob '[x'").doesNotContain("\tat ");
    Run dry = storage("mv", "-r", "--dry-run", "file:" + bucket + "/", "file:" + tmp.resolve("moved") + "/");
    assertThat(dry.out()).as(dry.toString()).contains("would move notes/hello.txt");
    assertThat(tmp.resolve("moved")).doesNotExist();
    Run mv = storage("mv", "-r", "file:" + bucket + "/", "file:" + tmp.resolve("moved") + "/");
    assertThat(mv.code()).as(mv.toString()).isZero();
    assertThat(tmp.resolve("moved/notes/hello.txt")).hasContent("hello from the jar");
    assertThat(bucket.resolve("notes/hello.txt")).doesNotExist();
    Run rmDry = storage("rm", "-r", "-n", "file:" + tmp.resolve("moved") + "/");
    assertThat(rmDry.out()).contains("would delete notes/hello.txt");
    assertThat(tmp.resolve("moved/notes/hello.txt")).exists();
    Run getDry = storage("get", "-n", "--include", "*.txt", "file:" + tmp.resolve("moved") + "/", tmp.resolve("g").toString());
    assertThat(getDry.out()).contains("would download notes/hello.txt");
    assertThat(tmp.resolve("g")).doesNotExist();
  }

  @Test
  void providers_json_listsEveryMergedServiceEntry() throws Exception {
    Run r = storage("providers", "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> schemes = new ArrayList<>();
    JsonParser.parseString(r.out()).getAsJsonArray()
        .forEach(e -> schemes.add(e.getAsJsonObject().get("scheme").getAsString()));
    assertThat(schemes).contains("file");
  }

  @Test
  void cat_missingFile_exitsNotFoundWithoutStackTrace() throws Exception {
    Files.createDirectories(bucket);
    Run r = storage("cat", "file:" + bucket + "/missing.txt");
    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err()).contains("missing.txt: no such file").doesNotContain("\tat ", "Exception");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void sync_failedTransferWithDelete_exitsPartialAndKeepsExtras() throws Exception {
    Files.createDirectories(bucket);
    Files.writeString(bucket.resolve("notes"), "a file where the source has a folder");
    Files.writeString(bucket.resolve("extra.txt"), "only in the destination");
    Run r = storage("sync", "--delete", src.toString(), bucket.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.PARTIAL);
    assertThat(bucket.resolve("extra.txt")).exists();
    assertThat(bucket.resolve("data.csv")).hasContent("a,b\n1,2");
    assertThat(r.err()).contains("failed notes/hello.txt", "kept 2 extra file(s)");
  }

  @Test
  void sync_progressForced_drawsABarOnStderr() throws Exception {
    Run r = storage("--progress", "sync", src.toString(), bucket.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("transfer");
  }

  @Test
  void jar_holdsGsonForTheBackendsThatNeedIt() throws Exception {
    // Gson is also a test dependency of this module; declared with test scope it would be left out
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(System.getProperty("storage.jar"))) {
      assertThat(jar.getEntry("com/google/gson/Gson.class")).isNotNull();
      assertThat(jar.getEntry("META-INF/services/org.storagekit.spi.StorageProvider")).isNotNull();
    }
  }

  @Test
  void noArguments_exitsUsage() throws Exception {
    Run r = storage();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Usage: storage");
  }
}

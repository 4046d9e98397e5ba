package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.storagekit.Capability;
import org.storagekit.FlushException;
import org.storagekit.NotFoundException;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.TransferSummary;
import org.storagekit.UnsafeKeyException;

/**
 * The TCK's test methods; see {@link StorageTck}. Every test names the SPEC.md rule it checks, and
 * its assertion messages say what the rule demands.
 */
abstract class StorageTckTests {
  private static final long MIB = 1024 * 1024;

  protected abstract Storage openStorage(String prefix);

  protected abstract Set<Capability> declaredCapabilities();

  protected abstract void writeRawKey(String prefix, String rawKey, byte[] content);

  protected abstract void deleteRawKey(String prefix, String rawKey);

  protected abstract long largeFileSize();

  protected abstract int pagedListingKeys();

  @TempDir Path local;

  private String prefix;
  private Storage storage;
  private final List<Storage> opened = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  final void openTestStorage() {
    prefix = "tck-" + UUID.randomUUID().toString().substring(0, 13);
    storage = open();
  }

  @AfterEach
  final void cleanUpTestStorage() {
    for (Storage s : opened) {
      try {
        s.close();
      } catch (RuntimeException e) {
        // a test that provoked a failure may leave it for close(); the test already judged it
      }
    }
    if (!declaredCapabilities().contains(Capability.WRITE)) {
      return;
    }
    try (Storage cleaner = openStorage(prefix); Stream<StorageFile> files = cleaner.list()) {
      files.map(StorageFile::key)
          .filter(org.storagekit.spi.Keys::isValid)
          .forEach(cleaner::delete);
    }
  }

  /** A further instance on this test's location. */
  protected final Storage open() {
    Storage s = openStorage(prefix);
    opened.add(s);
    return s;
  }

  private void requires(Capability capability) {
    assumeTrue(declaredCapabilities().contains(capability),
        "gated: the backend does not declare " + capability);
  }

  private void requiresAbsent(Capability capability) {
    assumeFalse(declaredCapabilities().contains(capability),
        "twin of a capability gate: the backend declares " + capability);
  }

  private StorageFile putBytes(String key, byte[] content) {
    return storage.put(key, new ByteArrayInputStream(content));
  }

  private byte[] read(Storage s, String key) {
    try (InputStream in = s.open(key)) {
      return in.readAllBytes(); // small test data only
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Set<String> keys(Storage s) {
    try (Stream<StorageFile> files = s.list()) {
      return files.map(StorageFile::key).collect(Collectors.toSet());
    }
  }

  private static byte[] readLocal(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path writeLocal(Path p, byte[] content) {
    try {
      Files.createDirectories(p.toAbsolutePath().getParent());
      return Files.write(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> filesUnder(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records progress reports by name. */
  private static final class Recorder implements ProgressListener {
    final Map<String, List<long[]>> reports = Collections.synchronizedMap(new TreeMap<>());

    @Override
    public void onProgress(long transferred, long total, String name) {
      reports.computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>()))
          .add(new long[] {transferred, total});
    }

    void assertMonotonicEndingAt(String name, long size) {
      List<long[]> r = reports.get(name);
      assertThat(r).as("§12.1: progress reported for '%s'", name).isNotNull().isNotEmpty();
      long last = -1;
      for (long[] report : r) {
        assertThat(report[0]).as("§12.2: progress of '%s' must never go back", name).isGreaterThanOrEqualTo(last);
        assertThat(report[1]).as("§12.1: total of '%s' is its size or -1", name).isIn(size, -1L);
        last = report[0];
      }
      long[] end = r.get(r.size() - 1);
      assertThat(end).as("§12.2: the last report of '%s' is (size, size)", name).containsExactly(size, size);
    }
  }

  // =========================================================== §1 keys

  @ParameterizedTest
  @ValueSource(strings = {"", "/absolute", "a//b", "trailing/", "./a", "a/./b", "a/../b", "..", "back\\slash",
      "C:drive", "tab\there", "nul\u0000", "del\u007f"})
  void spec1_1_put_invalidKey_throwsIllegalArgumentAndStoresNothing(String key) {
    requires(Capability.WRITE);
    assertThatThrownBy(() -> putBytes(key, utf8("x")))
        .as("§1.1: key '%s' must be refused before any remote call", key)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid key");
    assertThat(keys(storage)).as("§1.1: nothing stored for a refused key").isEmpty();
  }

  @Test
  void spec1_1_everyOperation_invalidKey_throwsIllegalArgumentNamingKey() {
    String bad = "a/../escape";
    List<Runnable> operations = new ArrayList<>(List.of(
        () -> storage.get(bad),
        () -> storage.contains(bad),
        () -> storage.open(bad),
        () -> storage.getFile(bad, local.resolve("x"))));
    if (declaredCapabilities().contains(Capability.WRITE)) {
      operations.add(() -> storage.delete(bad));
      operations.add(() -> storage.remove(bad));
      operations.add(() -> storage.put(bad, new ByteArrayInputStream(new byte[1])));
      operations.add(() -> storage.addFile(writeLocal(local.resolve("f"), new byte[1]), bad));
    }
    for (Runnable op : operations) {
      assertThatThrownBy(op::run).as("§1.1: invalid keys are refused by every operation")
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
  }

  @Test
  void spec1_1_longKey_roundTrips_andOneOverTheLimit_isRefused() {
    requires(Capability.WRITE);
    // 1,000 bytes leaves room for the test's own prefix inside the 1,024-byte name limit
    StringBuilder b = new StringBuilder();
    while (b.length() < 1100) {
      b.append("s".repeat(99)).append('/');
    }
    String longKey = b.substring(0, 999) + "x";
    assertThat(longKey.getBytes(StandardCharsets.UTF_8)).hasSize(1000);
    putBytes(longKey, utf8("long"));
    assertThat(read(storage, longKey)).as("§1.1: a key of 1,000 bytes is valid").isEqualTo(utf8("long"));
    String tooLong = "t".repeat(1025);
    assertThatThrownBy(() -> putBytes(tooLong, utf8("x"))).as("§1.1: 1,025 bytes is too long")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024 bytes");
  }

  @Test
  void spec1_2_unicodeSpacesAndSpecialCharacters_roundTrip() {
    requires(Capability.WRITE);
    List<String> keys = List.of("unicode/日本語/файл-ü.txt", "spaces/a b  c.txt", "special/!$&'()*+,;=@[]{}~^`.txt",
        "percent/100%25 done #1?.txt", "emoji/😀 party.bin", "dots/.hidden/..double.txt");
    for (String key : keys) {
      putBytes(key, utf8("content of " + key));
    }
    assertThat(keys(storage)).as("§1.2: keys are listed exactly as written").containsExactlyInAnyOrderElementsOf(keys);
    for (String key : keys) {
      assertThat(read(storage, key)).as("§1.2: content of '%s'", key).isEqualTo(utf8("content of " + key));
      assertThat(storage.contains(key)).isTrue();
    }
    TransferSummary summary = storage.getAllFiles(local.resolve("all"));
    assertThat(summary.files()).isEqualTo(keys.size());
    for (String key : keys) {
      assertThat(readLocal(local.resolve("all").resolve(key))).isEqualTo(utf8("content of " + key));
    }
  }

  @Test
  void spec1_2_deepNesting_roundTrips() {
    requires(Capability.WRITE);
    String key = String.join("/", Collections.nCopies(30, "level")) + "/leaf.txt";
    putBytes(key, utf8("deep"));
    assertThat(keys(storage)).containsExactly(key);
    Path got = storage.getFile(key, local.resolve("deep.txt"));
    assertThat(readLocal(got)).isEqualTo(utf8("deep"));
    storage.getAllFiles(local.resolve("tree"));
    assertThat(readLocal(local.resolve("tree").resolve(key))).as("§4.1: hierarchy kept").isEqualTo(utf8("deep"));
  }

  // =========================================================== §2 listing

  @Test
  void spec2_1_list_emptyLocation_isEmpty() {
    requires(Capability.WRITE); // a writable fixture starts every test empty
    assertThat(keys(storage)).isEmpty();
    assertThat(storage.iterator().hasNext()).isFalse();
  }

  @Test
  void spec2_2_list_reportsKeySizeAndLastModified() {
    requires(Capability.WRITE);
    Instant before = Instant.now().minusSeconds(3600);
    putBytes("one.txt", utf8("1"));
    putBytes("dir/two.txt", utf8("22"));
    putBytes("dir/sub/three.txt", utf8("333"));
    Map<String, StorageFile> listed;
    try (Stream<StorageFile> files = storage.list()) {
      listed = files.collect(Collectors.toMap(StorageFile::key, f -> f));
    }
    assertThat(listed.keySet()).containsExactlyInAnyOrder("one.txt", "dir/two.txt", "dir/sub/three.txt");
    assertThat(listed.get("one.txt").size()).isEqualTo(1);
    assertThat(listed.get("dir/two.txt").size()).isEqualTo(2);
    assertThat(listed.get("dir/sub/three.txt").size()).isEqualTo(3);
    for (StorageFile f : listed.values()) {
      assertThat(f.lastModified()).as("§2.2: last-modified of %s is recent", f.key())
          .isAfter(before).isBefore(Instant.now().plusSeconds(3600));
    }
  }

  @Test
  void spec2_3_listPrefix_returnsOnlyKeysStartingWithIt() {
    requires(Capability.WRITE);
    for (String key : List.of("a/1", "a/2", "a/deeper/3", "ab/4", "b/5", "a.txt")) {
      putBytes(key, utf8(key));
    }
    try (Stream<StorageFile> s = storage.list("a/")) {
      assertThat(s.map(StorageFile::key)).containsExactlyInAnyOrder("a/1", "a/2", "a/deeper/3");
    }
    try (Stream<StorageFile> s = storage.list("a")) {
      assertThat(s.map(StorageFile::key)).as("§2.3: a plain string prefix")
          .containsExactlyInAnyOrder("a/1", "a/2", "a/deeper/3", "ab/4", "a.txt");
    }
    try (Stream<StorageFile> s = storage.list("a/de")) {
      assertThat(s.map(StorageFile::key)).containsExactly("a/deeper/3");
    }
    try (Stream<StorageFile> s = storage.list("zzz")) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void spec2_1_list_acrossPages_returnsEveryKeyOnce() {
    requires(Capability.WRITE);
    int n = pagedListingKeys();
    List<CompletableFuture<StorageFile>> uploads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      uploads.add(storage.addFile(new ByteArrayInputStream(new byte[] {(byte) i}), String.format("page/%05d", i)));
    }
    storage.flush();
    assertThat(uploads).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    List<String> listed;
    try (Stream<StorageFile> files = open().list()) {
      listed = files.map(StorageFile::key).collect(Collectors.toList());
    }
    assertThat(listed).as("§2.1: every key across all pages, each once").hasSize(n).doesNotHaveDuplicates();
    try (Stream<StorageFile> files = open().list("page/0")) {
      assertThat(files.count()).isEqualTo(Math.min(n, 10000));
    }
  }

  @Test
  void spec2_6_iterationContainsAndGet_agreeWithList() {
    requires(Capability.WRITE);
    putBytes("x/1", utf8("a"));
    putBytes("x/2", utf8("bb"));
    Set<String> listed = keys(storage);
    Set<String> iterated = new HashSet<>();
    for (StorageFile f : storage) {
      iterated.add(f.key());
      assertThat(storage.contains(f.key())).isTrue();
      assertThat(storage.get(f.key())).get().extracting(StorageFile::size).isEqualTo(f.size());
    }
    assertThat(iterated).isEqualTo(listed).containsExactlyInAnyOrder("x/1", "x/2");
    assertThat(storage.get("x/3")).isEmpty();
    assertThat(storage.contains("x/3")).isFalse();
    assertThat(storage.contains("x")).as("§2.6: a prefix is not a file").isFalse();
  }

  @Test
  void spec2_4_directoryMarkers_areNotListedAsFiles() {
    try {
      writeRawKey(prefix, "marker/", new byte[0]);
    } catch (UnsupportedOperationException e) {
      assumeTrue(false, "gated: this backend cannot store the directory marker 'marker/': " + e.getMessage());
    }
    try {
      requires(Capability.WRITE);
      putBytes("marker/inside.txt", utf8("x"));
      assertThat(keys(open())).as("§2.4: 'marker/' is not a file").containsExactly("marker/inside.txt");
      assertThat(open().contains("marker")).isFalse();
    } finally {
      deleteRawKey(prefix, "marker/");
    }
  }

  // =========================================================== §3 reading

  @Test
  void spec3_1_getFile_createsParentFolders() {
    requires(Capability.WRITE);
    putBytes("k.txt", utf8("hello"));
    Path target = local.resolve("new/nested/folders/out.txt");
    Path written = storage.getFile("k.txt", target);
    assertThat(written).isEqualTo(target);
    assertThat(readLocal(target)).isEqualTo(utf8("hello"));
  }

  @Test
  void spec3_2_getFile_directoryTarget_writesInsideUnderFileName() throws IOException {
    requires(Capability.WRITE);
    putBytes("some/dir/name.txt", utf8("inside"));
    Path dir = Files.createDirectories(local.resolve("existing"));
    Path written = storage.getFile("some/dir/name.txt", dir);
    assertThat(written).isEqualTo(dir.resolve("name.txt"));
    assertThat(readLocal(written)).isEqualTo(utf8("inside"));
  }

  @Test
  void spec3_2_getFile_noLocalPath_writesKeysFileNameInCurrentDirectory() throws IOException {
    requires(Capability.WRITE);
    String name = "storagekit-tck-" + UUID.randomUUID() + ".txt";
    putBytes("folder/" + name, utf8("cwd"));
    Path written = storage.getFile("folder/" + name);
    try {
      assertThat(written).isEqualTo(Path.of(name));
      assertThat(readLocal(Path.of(name))).isEqualTo(utf8("cwd"));
    } finally {
      Files.deleteIfExists(Path.of(name));
    }
  }

  @Test
  void spec3_3_missingKey_throwsNotFoundNamingStorageAndKey() {
    Throwable thrown = catchThrowable(() -> storage.getFile("no/such/file.txt", local.resolve("x")));
    assertThat(thrown).as("§3.3").isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no/such/file.txt")
        .hasMessageContaining(storage.uri().toString());
    NotFoundException nf = (NotFoundException) thrown;
    assertThat(nf.key()).contains("no/such/file.txt");
    assertThat(nf.storage()).contains(storage.uri());
    assertThat(local.resolve("x")).as("§3.4: nothing written for a missing key").doesNotExist();
    assertThatThrownBy(() -> storage.open("no/such/file.txt")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no/such/file.txt");
    assertThat(storage.get("no/such/file.txt")).isEmpty();
  }

  @Test
  void spec3_4_getFile_failingTransfer_leavesExistingFileAndNoTempFile() {
    requires(Capability.WRITE);
    putBytes("k.bin", TckData.bytes(300_000, 1));
    Path target = writeLocal(local.resolve("dl/k.bin"), utf8("previous content"));
    ProgressListener failing = (done, total, name) -> {
      throw new IllegalStateException("TCK: listener aborts the transfer");
    };
    assertThatThrownBy(() -> storage.getFile("k.bin", target, failing))
        .as("§12.3: a throwing listener aborts the transfer").isInstanceOf(RuntimeException.class);
    assertThat(readLocal(target)).as("§3.4: the existing file is replaced only on success")
        .isEqualTo(utf8("previous content"));
    assertThat(filesUnder(local.resolve("dl"))).as("§3.4: no temp file is left behind").containsExactly(target);
  }

  @Test
  void spec3_4_getFile_existingFile_isReplacedOnSuccess() {
    requires(Capability.WRITE);
    putBytes("k.txt", utf8("new"));
    Path target = writeLocal(local.resolve("k.txt"), utf8("old and longer"));
    storage.getFile("k.txt", target);
    assertThat(readLocal(target)).isEqualTo(utf8("new"));
    assertThat(filesUnder(local)).containsExactly(target);
  }

  @Test
  void spec3_6_open_returnsWholeContent() throws IOException {
    requires(Capability.WRITE);
    byte[] content = TckData.bytes(100_000, 2);
    putBytes("whole.bin", content);
    try (InputStream in = storage.open("whole.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void spec3_6_openRange_returnsThatSliceAndCutsAtTheEnd() throws IOException {
    requires(Capability.WRITE);
    requires(Capability.RANGED_READ);
    byte[] content = TckData.bytes(1000, 3);
    putBytes("range.bin", content);
    try (InputStream in = storage.open("range.bin", 100, 50)) {
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 150));
    }
    try (InputStream in = storage.open("range.bin", 990, 50)) {
      assertThat(in.readAllBytes()).as("§3.6: cut at the end").isEqualTo(java.util.Arrays.copyOfRange(content, 990, 1000));
    }
    try (InputStream in = storage.open("range.bin", 0, 0)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
    try (InputStream in = storage.open("range.bin", 1000, 10)) {
      assertThat(in.readAllBytes()).as("§3.6: a range starting at the end is empty").isEmpty();
    }
    assertThatThrownBy(() -> storage.open("range.bin", -1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> storage.open("missing.bin", 0, 10)).isInstanceOf(NotFoundException.class);
  }

  // =========================================================== §4 get all files

  @Test
  void spec4_1_getAllFiles_keepsHierarchy_overwritesSameNames_leavesOthers() {
    requires(Capability.WRITE);
    putBytes("a.txt", utf8("new a"));
    putBytes("d/b.txt", utf8("b"));
    putBytes("d/e/c.txt", utf8("c"));
    Path dir = local.resolve("out");
    writeLocal(dir.resolve("a.txt"), utf8("old a"));
    writeLocal(dir.resolve("keep.txt"), utf8("keep"));
    TransferSummary summary = storage.getAllFiles(dir);
    assertThat(summary.files()).isEqualTo(3);
    assertThat(summary.bytes()).isEqualTo(7);
    assertThat(readLocal(dir.resolve("a.txt"))).as("§4.1: same name overwritten").isEqualTo(utf8("new a"));
    assertThat(readLocal(dir.resolve("keep.txt"))).as("§4.1: other files left alone").isEqualTo(utf8("keep"));
    assertThat(readLocal(dir.resolve("d/e/c.txt"))).isEqualTo(utf8("c"));
    assertThat(filesUnder(dir)).hasSize(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape", "a/../../escape", "/etc/escape", "C:\\escape", "..\\escape", "sub/../../../escape"})
  void spec4_2_getAllFiles_keyResolvingOutside_isRefusedAndNothingWrittenOutside(String rawKey) {
    try {
      writeRawKey(prefix, rawKey, utf8("escaped!"));
    } catch (UnsupportedOperationException e) {
      assumeTrue(false, "gated: this backend cannot store the raw key '" + rawKey + "': " + e.getMessage());
    }
    try {
      requires(Capability.WRITE);
      putBytes("fine.txt", utf8("fine"));
      assertThat(keys(open())).as("§2.5: a raw key is listed as stored").contains(rawKey);
      Path target = local.resolve("inner/target");
      Throwable thrown = catchThrowable(() -> open().getAllFiles(target));
      assertThat(thrown).as("§4.2: the raw key '%s' must be refused", rawKey).isInstanceOf(UnsafeKeyException.class);
      assertThat(((StorageException) thrown).key()).as("§4.2: the error names the key").isPresent();
      assertThat(thrown.getMessage()).contains(((StorageException) thrown).key().get());
      List<Path> outside = filesUnder(local).stream().filter(p -> !p.startsWith(target)).collect(Collectors.toList());
      assertThat(outside).as("§4.2: nothing is written outside the folder").isEmpty();
      assertThat(Path.of("/etc/escape")).doesNotExist();
    } finally {
      deleteRawKey(prefix, rawKey);
    }
  }

  @Test
  void spec4_3_getAllFiles_reportsProgressPerFile() {
    requires(Capability.WRITE);
    putBytes("p/1.bin", TckData.bytes(70_000, 4));
    putBytes("p/2.bin", new byte[0]);
    Recorder recorder = new Recorder();
    storage.getAllFiles(local.resolve("progress"), recorder);
    recorder.assertMonotonicEndingAt("p/1.bin", 70_000);
    recorder.assertMonotonicEndingAt("p/2.bin", 0);
  }

  // =========================================================== §5 writing

  @Test
  void spec5_1_putLocalFile_roundTripsAndDescribesTheFile() {
    requires(Capability.WRITE);
    Path file = writeLocal(local.resolve("src.bin"), TckData.bytes(123_456, 5));
    StorageFile stored = storage.put("put/src.bin", file);
    assertThat(stored.key()).isEqualTo("put/src.bin");
    assertThat(stored.size()).isEqualTo(123_456);
    assertThat(read(storage, "put/src.bin")).isEqualTo(readLocal(file));
  }

  @Test
  void spec5_2_putStream_unknownLength_roundTrips() {
    requires(Capability.WRITE);
    long size = 3 * MIB + 17;
    StorageFile stored = storage.put("stream.bin", TckData.stream(size, 6));
    assertThat(stored.size()).isEqualTo(size);
    assertThat(TckData.sha256(storage.open("stream.bin"))).isEqualTo(TckData.sha256(size, 6));
  }

  @Test
  void spec5_2_emptyFile_roundTripsFromPathAndStream() {
    requires(Capability.WRITE);
    Path empty = writeLocal(local.resolve("empty"), new byte[0]);
    assertThat(storage.put("empty/from-path", empty).size()).isZero();
    assertThat(storage.put("empty/from-stream", InputStream.nullInputStream()).size()).isZero();
    try (Stream<StorageFile> files = storage.list("empty/")) {
      assertThat(files).extracting(StorageFile::size).containsExactly(0L, 0L);
    }
    Path got = storage.getFile("empty/from-stream", local.resolve("got-empty"));
    assertThat(readLocal(got)).isEmpty();
    assertThat(read(storage, "empty/from-path")).isEmpty();
  }

  @Test
  void spec5_2_largeFileAboveMultipartThreshold_roundTripsFromPathAndStream() {
    requires(Capability.WRITE);
    long size = largeFileSize();
    Path file = TckData.file(local.resolve("large.bin"), size, 7);
    StorageFile stored = storage.put("large/from-path.bin", file);
    assertThat(stored.size()).isEqualTo(size);
    Path back = storage.getFile("large/from-path.bin", local.resolve("large-back.bin"));
    assertThat(TckData.sha256(back)).isEqualTo(TckData.sha256(file));
    assertThat(storage.put("large/from-stream.bin", TckData.stream(size, 8)).size()).isEqualTo(size);
    assertThat(TckData.sha256(storage.open("large/from-stream.bin"))).isEqualTo(TckData.sha256(size, 8));
  }

  @Test
  void spec5_3_putStream_failingMidway_leavesNoPartialFileAndKeepsThePrevious() {
    requires(Capability.WRITE);
    putBytes("kept.txt", utf8("version 1"));
    assertThatThrownBy(() -> storage.put("kept.txt", TckData.failingAfter(10_000, 9)))
        .as("§5.3: a failed source fails the put").isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> storage.put("fresh.txt", TckData.failingAfter(10_000, 9)))
        .isInstanceOf(StorageException.class);
    Storage other = open();
    assertThat(read(other, "kept.txt")).as("§5.3: the previous file survives").isEqualTo(utf8("version 1"));
    assertThat(other.contains("fresh.txt")).as("§5.3: no partial file").isFalse();
    assertThat(keys(other)).containsExactly("kept.txt");
  }

  @Test
  void spec5_3_largePutStream_failingAfterThreshold_leavesNoPartialFile() {
    requires(Capability.WRITE);
    assertThatThrownBy(() -> storage.put("large-fail.bin", TckData.failingAfter(largeFileSize(), 10)))
        .isInstanceOf(StorageException.class);
    assertThat(keys(open())).as("§5.3: no partial file, even past the multipart threshold").isEmpty();
  }

  @Test
  void spec5_4_put_overwrite_replacesContentAndSize() {
    requires(Capability.WRITE);
    putBytes("over.txt", utf8("first, longer version"));
    putBytes("over.txt", utf8("second"));
    assertThat(read(storage, "over.txt")).isEqualTo(utf8("second"));
    assertThat(storage.get("over.txt")).get().extracting(StorageFile::size).isEqualTo(6L);
    try (Stream<StorageFile> files = open().list()) {
      assertThat(files).extracting(StorageFile::key, StorageFile::size)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("over.txt", 6L));
    }
  }

  @Test
  void spec5_5_addFile_returnsFutureThatCompletesWithTheStoredFile() {
    requires(Capability.WRITE);
    Path file = writeLocal(local.resolve("bg.txt"), utf8("background"));
    CompletableFuture<StorageFile> future = storage.addFile(file, "bg/bg.txt");
    StorageFile stored = future.join();
    assertThat(stored.key()).isEqualTo("bg/bg.txt");
    assertThat(stored.size()).isEqualTo(10);
    assertThat(read(open(), "bg/bg.txt")).isEqualTo(utf8("background"));
  }

  @Test
  void spec5_6_addFileStream_takesOwnershipAndClosesTheStream() {
    requires(Capability.WRITE);
    AtomicBoolean closed = new AtomicBoolean();
    storage.addFile(TckData.recordingClose(new ByteArrayInputStream(utf8("owned")), closed), "owned.txt").join();
    assertThat(closed).as("§5.6: the storage closes a stream it was given").isTrue();
    assertThat(read(storage, "owned.txt")).isEqualTo(utf8("owned"));
  }

  @Test
  void spec5_7_addFile_notARegularFile_throwsAtOnce() throws IOException {
    requires(Capability.WRITE);
    Path dir = Files.createDirectories(local.resolve("a-dir"));
    assertThatThrownBy(() -> storage.addFile(dir, "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.toString());
    Path missing = local.resolve("missing");
    assertThatThrownBy(() -> storage.addFile(missing, "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> storage.put("x", missing)).isInstanceOf(IllegalArgumentException.class);
    storage.flush();
    assertThat(keys(storage)).isEmpty();
  }

  @Test
  void spec5_8_concurrentAdds_allLandIntact() throws Exception {
    requires(Capability.WRITE);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        jobs.add(pool.submit(() -> {
          for (int i = 0; i < 10; i++) {
            String key = "conc/" + thread + "/" + i;
            if (i % 2 == 0) {
              putBytes(key, TckData.bytes(1000 + i, thread * 100L + i));
            } else {
              storage.addFile(new ByteArrayInputStream(TckData.bytes(1000 + i, thread * 100L + i)), key);
            }
          }
          return null;
        }));
      }
      for (Future<?> job : jobs) {
        job.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    storage.flush();
    Storage other = open();
    assertThat(keys(other)).hasSize(80);
    for (int t = 0; t < 8; t++) {
      for (int i = 0; i < 10; i++) {
        assertThat(read(other, "conc/" + t + "/" + i)).isEqualTo(TckData.bytes(1000 + i, t * 100L + i));
      }
    }
  }

  // =========================================================== §6 add directory

  private Path sampleTree() {
    Path dir = local.resolve("tree");
    writeLocal(dir.resolve("top.txt"), utf8("top"));
    writeLocal(dir.resolve("sub/mid.txt"), utf8("mid"));
    writeLocal(dir.resolve("sub/deeper/low.txt"), utf8("low"));
    writeLocal(dir.resolve("sub/empty.txt"), new byte[0]);
    return dir;
  }

  @Test
  void spec6_1_addDirectory_keepsHierarchyUnderPrefix() {
    requires(Capability.WRITE);
    TransferSummary summary = storage.addDirectory(sampleTree(), "up");
    assertThat(summary.files()).isEqualTo(4);
    assertThat(summary.bytes()).isEqualTo(9);
    assertThat(summary.skipped()).isEmpty();
    assertThat(keys(open())).containsExactlyInAnyOrder("up/top.txt", "up/sub/mid.txt", "up/sub/deeper/low.txt", "up/sub/empty.txt");
    assertThat(read(storage, "up/sub/deeper/low.txt")).isEqualTo(utf8("low"));
  }

  @Test
  void spec6_2_addDirectory_defaultPrefix_isTheDirectoryName() {
    requires(Capability.WRITE);
    storage.addDirectory(sampleTree());
    assertThat(keys(storage)).contains("tree/top.txt", "tree/sub/deeper/low.txt").hasSize(4);
  }

  @Test
  void spec6_3_addDirectory_symbolicLinks_areSkippedAndReported() throws IOException {
    requires(Capability.WRITE);
    Path dir = sampleTree();
    Path outside = writeLocal(local.resolve("outside/secret.txt"), utf8("secret"));
    Path fileLink = Files.createSymbolicLink(dir.resolve("link-to-file.txt"), outside);
    Path dirLink = Files.createSymbolicLink(dir.resolve("sub/link-to-dir"), outside.getParent());
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), local.resolve("nowhere"));
    TransferSummary summary = storage.addDirectory(dir, "links");
    assertThat(summary.skipped()).as("§6.3: links are reported").containsExactlyInAnyOrder(fileLink, dirLink, dangling);
    assertThat(keys(storage)).as("§6.3: links are not followed")
        .containsExactlyInAnyOrder("links/top.txt", "links/sub/mid.txt", "links/sub/deeper/low.txt", "links/sub/empty.txt");
  }

  @Test
  void spec6_4_addDirectory_notADirectory_throwsNamingThePath() {
    requires(Capability.WRITE);
    Path file = writeLocal(local.resolve("plain.txt"), utf8("x"));
    assertThatThrownBy(() -> storage.addDirectory(file, "p")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString());
    Path missing = local.resolve("absent");
    assertThatThrownBy(() -> storage.addDirectory(missing, "p")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  // =========================================================== §7 copy

  @Test
  void spec7_1_copy_duplicatesContentIndependently() {
    requires(Capability.WRITE);
    requires(Capability.COPY);
    putBytes("orig.txt", utf8("original"));
    StorageFile copy = storage.copy("orig.txt", "copies/copy.txt");
    assertThat(copy.key()).isEqualTo("copies/copy.txt");
    assertThat(copy.size()).isEqualTo(8);
    putBytes("orig.txt", utf8("changed"));
    assertThat(read(open(), "copies/copy.txt")).isEqualTo(utf8("original"));
  }

  @Test
  void spec7_1_copy_overwritesTarget() {
    requires(Capability.WRITE);
    requires(Capability.COPY);
    putBytes("src.txt", utf8("source"));
    putBytes("dst.txt", utf8("old target content"));
    storage.copy("src.txt", "dst.txt");
    assertThat(read(open(), "dst.txt")).isEqualTo(utf8("source"));
  }

  @Test
  void spec7_2_copy_missingSource_throwsNotFound() {
    requires(Capability.WRITE);
    requires(Capability.COPY);
    assertThatThrownBy(() -> storage.copy("absent.txt", "dst.txt")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("absent.txt");
    assertThat(keys(storage)).isEmpty();
  }

  // =========================================================== §8 delete

  @Test
  void spec8_1_delete_removesFile_andMissingKeyIsNotAnError() {
    requires(Capability.WRITE);
    putBytes("gone.txt", utf8("x"));
    putBytes("dir/stays.txt", utf8("y"));
    storage.delete("gone.txt");
    assertThat(storage.contains("gone.txt")).isFalse();
    assertThat(keys(open())).containsExactly("dir/stays.txt");
    assertThatCode(() -> storage.delete("gone.txt")).as("§8.1: deleting a missing key is not an error").doesNotThrowAnyException();
    assertThatCode(() -> storage.delete("never/was.txt")).doesNotThrowAnyException();
  }

  @Test
  void spec8_2_remove_saysWhetherTheFileWasThere() {
    requires(Capability.WRITE);
    putBytes("r.txt", utf8("x"));
    assertThat(storage.remove("r.txt")).isTrue();
    assertThat(storage.remove("r.txt")).isFalse();
    assertThat(open().contains("r.txt")).isFalse();
  }

  // =========================================================== §9 cache and update

  @Test
  void spec9_2_changesThroughTheSameInstance_areVisibleAtOnce() {
    requires(Capability.WRITE);
    assertThat(storage.contains("seen.txt")).isFalse();
    putBytes("seen.txt", utf8("1"));
    assertThat(storage.contains("seen.txt")).as("§9.2: own write visible").isTrue();
    putBytes("seen.txt", utf8("22"));
    assertThat(storage.get("seen.txt")).get().extracting(StorageFile::size).as("§9.2: own overwrite visible").isEqualTo(2L);
    storage.delete("seen.txt");
    assertThat(storage.contains("seen.txt")).as("§9.2: own delete visible").isFalse();
    assertThat(keys(storage)).isEmpty();
  }

  @Test
  void spec9_3_update_makesChangesFromAnotherInstanceVisible() {
    requires(Capability.WRITE);
    Storage a = open();
    Storage b = open();
    assertThat(a.contains("other.txt")).isFalse();
    assertThat(a.get("other.txt")).isEmpty();
    b.put("other.txt", new ByteArrayInputStream(utf8("from b")));
    a.update();
    assertThat(a.contains("other.txt")).as("§9.3: visible after update").isTrue();
    assertThat(keys(a)).containsExactly("other.txt");
    assertThat(read(a, "other.txt")).isEqualTo(utf8("from b"));
    b.delete("other.txt");
    a.update();
    assertThat(a.contains("other.txt")).as("§9.3: deletes visible after update").isFalse();
    assertThat(keys(a)).isEmpty();
  }

  // =========================================================== §10 background uploads and flush

  @Test
  void spec10_1_flush_returnsWhenEveryBackgroundUploadIsDurable() {
    requires(Capability.WRITE);
    List<CompletableFuture<StorageFile>> futures = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      futures.add(storage.addFile(TckData.stream(10_000 + i, i), "bg/" + i));
    }
    storage.flush();
    assertThat(futures).as("§10.1: every upload done when flush returns").allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(keys(open())).hasSize(40);
  }

  @Test
  void spec10_2_flush_failedBackgroundUploads_throwsNamingEveryFailedKey() {
    requires(Capability.WRITE);
    CompletableFuture<StorageFile> bad1 = storage.addFile(TckData.failingAfter(5000, 1), "bad/one.txt");
    CompletableFuture<StorageFile> bad2 = storage.addFile(TckData.failingAfter(0, 2), "bad/two.txt");
    CompletableFuture<StorageFile> good = storage.addFile(new ByteArrayInputStream(utf8("ok")), "good.txt");
    Throwable thrown = catchThrowable(storage::flush);
    assertThat(thrown).as("§10.2: flush reports failed uploads").isInstanceOf(FlushException.class)
        .hasMessageContaining("bad/one.txt").hasMessageContaining("bad/two.txt");
    assertThat(((FlushException) thrown).failures()).containsOnlyKeys("bad/one.txt", "bad/two.txt");
    assertThat(bad1).isCompletedExceptionally();
    assertThat(bad2).isCompletedExceptionally();
    assertThat(good.join().key()).isEqualTo("good.txt");
    assertThat(keys(open())).as("§10.2: a failed upload is never stored").containsExactly("good.txt");
    assertThatCode(storage::flush).as("§10.2: each failure is reported once").doesNotThrowAnyException();
  }

  @Test
  void spec10_3_close_flushesAndReportsFailures_thenRefusesUse() {
    requires(Capability.WRITE);
    Storage s = open();
    CompletableFuture<StorageFile> ok = s.addFile(TckData.stream(200_000, 3), "closing/ok.bin");
    s.addFile(TckData.failingAfter(100, 4), "closing/bad.bin");
    assertThatThrownBy(s::close).as("§10.3: close flushes and never drops an error")
        .isInstanceOf(FlushException.class).hasMessageContaining("closing/bad.bin");
    assertThat(ok).isCompletedWithValueMatching(f -> f.size() == 200_000);
    assertThat(open().contains("closing/ok.bin")).isTrue();
    assertThatThrownBy(() -> s.contains("closing/ok.bin")).as("§10.3: closed").isInstanceOf(IllegalStateException.class);
    assertThatCode(s::close).as("§10.3: closing twice is harmless").doesNotThrowAnyException();
  }

  @Test
  void spec10_4_readThroughTheSameInstance_waitsForPendingUploadOfThatKey() throws Exception {
    requires(Capability.WRITE);
    CountDownLatch release = new CountDownLatch(1);
    InputStream gated = new java.io.SequenceInputStream(new InputStream() {
      @Override
      public int read() throws IOException {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        return -1;
      }
    }, new ByteArrayInputStream(utf8("arrived")));
    storage.addFile(gated, "gated.txt");
    Thread reader = Thread.currentThread();
    Thread releaser = new Thread(() -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        Thread.State state = reader.getState();
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
          break; // the reader is blocked: waiting for the upload, as it must
        }
        LockSupport.parkNanos(1_000_000);
      }
      release.countDown();
    });
    releaser.start();
    boolean present = storage.contains("gated.txt");
    releaser.join();
    assertThat(present).as("§10.4: contains() waits for the pending upload of its key").isTrue();
    assertThat(read(storage, "gated.txt")).isEqualTo(utf8("arrived"));
  }

  // =========================================================== §11 equality

  @Test
  void spec11_1_sameLocation_isEqualWithSameHashCode_otherLocationIsNot() {
    Storage again = open();
    assertThat(again).isNotSameAs(storage).isEqualTo(storage);
    assertThat(again.hashCode()).isEqualTo(storage.hashCode());
    assertThat(again.uri()).isEqualTo(storage.uri());
    assertThat(storage.uri().getPath()).as("§11.2: normalized URI ends with /").endsWith("/");
    Storage elsewhere = openStorage(prefix + "-other");
    opened.add(elsewhere);
    assertThat(elsewhere).isNotEqualTo(storage);
    assertThat(elsewhere.uri()).isNotEqualTo(storage.uri());
  }

  // =========================================================== §12 progress

  @Test
  void spec12_2_progress_isMonotonicAndEndsAtTheTotal_forEveryTransfer() {
    requires(Capability.WRITE);
    long size = 2 * MIB + 5;
    Path file = TckData.file(local.resolve("progress.bin"), size, 11);
    Recorder up = new Recorder();
    storage.addFile(file, "prog/up.bin", up).join();
    up.assertMonotonicEndingAt("prog/up.bin", size);
    Recorder stream = new Recorder();
    storage.put("prog/stream.bin", TckData.stream(size, 12), stream);
    stream.assertMonotonicEndingAt("prog/stream.bin", size);
    Recorder down = new Recorder();
    storage.getFile("prog/up.bin", local.resolve("progress-back.bin"), down);
    down.assertMonotonicEndingAt("prog/up.bin", size);
    Recorder empty = new Recorder();
    storage.put("prog/empty.bin", InputStream.nullInputStream(), empty);
    empty.assertMonotonicEndingAt("prog/empty.bin", 0);
  }

  @Test
  void spec12_3_throwingListener_abortsTheWriteAndStoresNothing() {
    requires(Capability.WRITE);
    ProgressListener failing = (done, total, name) -> {
      throw new IllegalStateException("TCK: listener aborts the transfer");
    };
    assertThatThrownBy(() -> storage.put("aborted.bin", TckData.stream(300_000, 13), failing))
        .as("§12.3: the listener's exception aborts the put").isInstanceOf(RuntimeException.class);
    assertThat(keys(open())).as("§12.3 and §5.3: nothing stored").isEmpty();
  }

  // =========================================================== §13 and §15 capabilities

  @Test
  void spec15_1_capabilities_areExactlyThoseDeclared() {
    assertThat(storage.capabilities()).as("§15.1").isEqualTo(declaredCapabilities());
  }

  @Test
  void spec15_2_etag_everyListedFileCarriesOne_andItChangesWithContent() {
    requires(Capability.ETAG);
    requires(Capability.WRITE);
    putBytes("e.txt", utf8("one"));
    String first;
    try (Stream<StorageFile> files = storage.list()) {
      first = files.findFirst().flatMap(StorageFile::etag).orElse(null);
    }
    assertThat(first).as("§15.2: ETAG declared, so listed files carry one").isNotNull();
    assertThat(storage.get("e.txt").flatMap(StorageFile::etag)).contains(first);
    putBytes("e.txt", utf8("two, different"));
    Optional<String> second = open().get("e.txt").flatMap(StorageFile::etag);
    assertThat(second).isPresent();
    assertThat(second.get()).as("§15.2: new content, new ETag").isNotEqualTo(first);
  }

  @Test
  void spec13_3_withoutWrite_writesThrowUnsupportedAndChangeNothing() throws IOException {
    requiresAbsent(Capability.WRITE);
    Set<String> before = keys(storage);
    Path file = writeLocal(local.resolve("ro.txt"), utf8("x"));
    Path dir = Files.createDirectories(local.resolve("ro-dir"));
    List<Runnable> writes = List.of(
        () -> storage.put("ro.txt", file),
        () -> storage.put("ro.txt", new ByteArrayInputStream(utf8("x"))),
        () -> storage.addFile(file, "ro.txt"),
        () -> storage.addFile(new ByteArrayInputStream(utf8("x")), "ro.txt"),
        () -> storage.addDirectory(dir, "ro"),
        () -> storage.copy("a", "b"),
        () -> storage.delete("ro.txt"),
        () -> storage.remove("ro.txt"));
    for (Runnable w : writes) {
      assertThatThrownBy(w::run).as("§13.3: read-only storages throw, never silently ignore")
          .isInstanceOf(UnsupportedOperationException.class);
    }
    storage.flush();
    assertThat(keys(storage)).isEqualTo(before);
  }

  @Test
  void spec13_3_withoutRangedRead_openRangeThrowsUnsupported() {
    requiresAbsent(Capability.RANGED_READ);
    assertThatThrownBy(() -> storage.open("any", 0, 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void spec13_3_withoutCopy_copyThrowsUnsupportedAndChangesNothing() {
    requiresAbsent(Capability.COPY);
    Set<String> before = keys(storage);
    if (declaredCapabilities().contains(Capability.WRITE)) {
      putBytes("c.txt", utf8("c"));
      before = keys(storage);
    }
    assertThatThrownBy(() -> storage.copy("c.txt", "d.txt")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(keys(storage)).isEqualTo(before);
  }

  // =========================================================== §16 lifecycle

  @Test
  void spec16_1_afterClose_operationsThrowIllegalState() {
    Storage s = open();
    s.close();
    assertThatThrownBy(s::list).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.get("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::flush).isInstanceOf(IllegalStateException.class);
  }
}

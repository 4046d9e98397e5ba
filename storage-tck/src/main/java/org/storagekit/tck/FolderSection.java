package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.StorageEntry;
import org.storagekit.StorageFile;
import org.storagekit.StorageFolder;

/** §19 Folder listings, and §2.9 listings resumed after a key. */
abstract class FolderSection extends TckSection {

  private List<String> folder(String folder) {
    return folder(folder, null);
  }

  private List<String> folder(String folder, String startAfter) {
    try (Stream<StorageEntry> entries = open().listFolder(folder, startAfter)) {
      return entries.map(e -> (e instanceof StorageFolder ? "D " : "F ") + e.key()).collect(Collectors.toList());
    }
  }

  @Test
  void spec19_1_listFolder_returnsTheFilesAndSubfoldersOneLevelDown_inOrder() {
    requires(Capability.WRITE);
    for (String key : List.of("top.txt", "a/1", "a/2", "a/b/3", "a/b/c/4", "c/d/e/5", "ab.txt")) {
      putBytes(key, utf8(key));
    }
    assertThat(folder("")).as("§19.1: the top level, folders once, in UTF-8 order")
        .containsExactly("D a/", "F ab.txt", "D c/", "F top.txt");
    assertThat(folder("a")).as("§19.1: 'a' lists the folder a/").containsExactly("F a/1", "F a/2", "D a/b/");
    assertThat(folder("a/")).isEqualTo(folder("a"));
    assertThat(folder("c/")).containsExactly("D c/d/");
    assertThat(folder("nothing/")).isEmpty();
    try (Stream<StorageEntry> entries = open().listFolder("a/")) {
      StorageFile one = (StorageFile) entries.findFirst().orElseThrow();
      assertThat(one.size()).as("§19.1: files in a folder listing are described like a listing's").isEqualTo(3);
    }
  }

  @Test
  void spec19_2_listFolder_isLazy_nothingIsReadUntilTheStreamIsConsumed() {
    requires(Capability.WRITE);
    putBytes("lazy/early.txt", utf8("1"));
    try (Stream<StorageEntry> entries = open().listFolder("lazy/")) {
      putBytes("lazy/late.txt", utf8("2"));
      putBytes("lazy/sub/deep.txt", utf8("3"));
      assertThat(entries.map(StorageEntry::key)).as("§19.2: a folder listing reads its pages as it is consumed")
          .containsExactly("lazy/early.txt", "lazy/late.txt", "lazy/sub/");
    }
    try (Stream<StorageFile> files = open().list("lazy/")) {
      putBytes("lazy/later.txt", utf8("4"));
      assertThat(files.map(StorageFile::key)).as("§2.1: so does a plain listing").contains("lazy/later.txt");
    }
  }

  @Test
  void spec19_3_listFolder_acrossPages_returnsEveryFileAndFolderOnce() {
    requires(Capability.WRITE);
    int n = Math.max(2, fixture.pagedListingKeys() / 2);
    List<CompletableFuture<StorageFile>> uploads = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String dir = String.format("pf/dir-%05d/", i);
      uploads.add(storage.addFile(new ByteArrayInputStream(new byte[] {1}), dir + "x"));
      uploads.add(storage.addFile(new ByteArrayInputStream(new byte[] {2}), dir + "y/z"));
      expected.add("D " + dir);
      String file = String.format("pf/file-%05d", i);
      uploads.add(storage.addFile(new ByteArrayInputStream(new byte[] {3}), file));
      expected.add("F " + file);
    }
    storage.flush();
    assertThat(uploads).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(folder("pf/")).as("§19.3: every entry across pages, each once, in order").isEqualTo(
        expected.stream().sorted().collect(Collectors.toList()));
  }

  @Test
  void spec19_4_directoryMarkers_areFoldersNotFiles() {
    writeRawKeyOrSkip("the directory marker 'm/'", "m/", new byte[0]);
    writeRawKeyOrSkip("the directory marker 'm/empty/'", "m/empty/", new byte[0]);
    try {
      requires(Capability.WRITE);
      putBytes("m/inside.txt", utf8("x"));
      assertThat(folder("")).as("§19.4: a marker is its folder, once").containsExactly("D m/");
      assertThat(folder("m/")).as("§19.4: a marker is never a file of its own folder")
          .containsExactly("D m/empty/", "F m/inside.txt");
    } finally {
      fixture.deleteRawKey(prefix, "m/empty/");
      fixture.deleteRawKey(prefix, "m/");
    }
  }

  @Test
  void spec2_9_startAfter_resumesListingsAfterAKey_inUtf8Order() {
    requires(Capability.WRITE);
    for (String key : List.of("s/k1", "s/k2", "s/k3.txt", "s/k3/inner", "s/k4", "s/z", "s/\u00e9t\u00e9", "t/other")) {
      putBytes(key, utf8(key));
    }
    try (Stream<StorageFile> files = open().list("s/", "s/k2")) {
      assertThat(files.map(StorageFile::key)).as("§2.9: keys after s/k2 only")
          .containsExactlyInAnyOrder("s/k3.txt", "s/k3/inner", "s/k4", "s/z", "s/\u00e9t\u00e9");
    }
    try (Stream<StorageFile> files = open().list("s/", "s/k25")) {
      assertThat(files.map(StorageFile::key)).as("§2.9: the key need not exist")
          .containsExactlyInAnyOrder("s/k3.txt", "s/k3/inner", "s/k4", "s/z", "s/\u00e9t\u00e9");
    }
    try (Stream<StorageFile> files = open().list("s/", "s/z")) {
      assertThat(files.map(StorageFile::key)).as("§2.9: UTF-8 order puts \u00e9 after z")
          .containsExactly("s/\u00e9t\u00e9");
    }
    try (Stream<StorageFile> files = open().list("", "s/\u00e9t\u00e9")) {
      assertThat(files.map(StorageFile::key)).containsExactly("t/other");
    }
    try (Stream<StorageFile> files = open().list("s/", "")) {
      assertThat(files.count()).as("§2.9: an empty startAfter starts at the beginning").isEqualTo(7);
    }
    // a file and a folder of one name cannot coexist on every backend (a local disk); '.' sorts before '/'
    assertThat(folder("s/", "s/k3.txt")).as("§2.9: folder listings resume too; s/k3/ sorts after s/k3.txt")
        .containsExactly("D s/k3/", "F s/k4", "F s/z", "F s/\u00e9t\u00e9");
    assertThat(folder("", "s/")).containsExactly("D t/");
  }
}

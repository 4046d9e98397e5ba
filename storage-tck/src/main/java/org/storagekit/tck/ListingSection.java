package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;
import org.storagekit.StorageFile;

/** §2 Listing: {@code list()}, {@code list(prefix)}, iteration, {@code get} and {@code contains}. */
abstract class ListingSection extends TckSection {
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
    int n = fixture.pagedListingKeys();
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
    writeRawKeyOrSkip("the directory marker 'marker/'", "marker/", new byte[0]);
    try {
      requires(Capability.WRITE);
      putBytes("marker/inside.txt", utf8("x"));
      assertThat(keys(open())).as("§2.4: 'marker/' is not a file").containsExactly("marker/inside.txt");
      assertThat(open().contains("marker")).isFalse();
    } finally {
      fixture.deleteRawKey(prefix, "marker/");
    }
  }
}

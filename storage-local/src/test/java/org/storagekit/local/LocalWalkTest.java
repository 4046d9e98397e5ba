package org.storagekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.StorageFile;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;

/** The local listing: object-store key order, pages, and resuming from any token. */
class LocalWalkTest {
  @TempDir Path root;

  private static final List<String> KEYS = List.of(
      "a!", "a-c", "a/b/c", "a0", "b/z", "b/\u00e9", "b/\uFFFD", "b/\uD83D\uDE00", "c");

  private void write(String... keys) throws IOException {
    for (String k : keys) {
      Path p = root.resolve(k);
      Files.createDirectories(p.getParent());
      Files.write(p, new byte[] {1});
    }
  }

  @Test
  void list_isInCodePointOrder_withFoldersWhereTheirKeysSort() throws IOException {
    write("a!", "a-c", "a/b/c", "a0", "b/\u00e9", "b/z", "b/\uD83D\uDE00", "b/\uFFFD", "c");
    List<String> listed = keys(new LocalWalk(root), ListRequest.first("", 1000));
    List<String> expected = new ArrayList<>(KEYS);
        assertThat(listed).containsExactlyElementsOf(expected);
    assertThat(org.storagekit.spi.Keys.UTF8_ORDER.compare("b/\uFFFD", "b/\uD83D\uDE00")).as("a supplementary code point sorts last")
        .isNegative();
  }

  @Test
  void pages_resumeFromTheirToken_withTheSuspendedWalkOrAFreshOne() throws IOException {
    write("a!", "a-c", "a/b/c", "a0", "b/\u00e9", "b/z", "b/\uD83D\uDE00", "b/\uFFFD", "c");
    LocalWalk walk = new LocalWalk(root);
    Page first = walk.list(ListRequest.first("", 3));
    assertThat(first.files()).extracting(StorageFile::key).containsExactly("a!", "a-c", "a/b/c");
    String token = first.nextToken().orElseThrow();
    assertThat(token).isEqualTo("a/b/c");
    List<String> continued = keys(walk, ListRequest.first("", 3).next(token));
    List<String> fresh = keys(new LocalWalk(root), ListRequest.first("", 3).next(token));
    assertThat(continued).containsExactly("a0", "b/z", "b/\u00e9", "b/\uFFFD", "b/\uD83D\uDE00", "c");
    assertThat(fresh).isEqualTo(continued);
  }

  @Test
  void list_prefix_descendsOnlyWhereItCanMatch() throws IOException {
    write("a!", "a-c", "a/b/c", "a0", "b/z", "c");
    assertThat(keys(new LocalWalk(root), ListRequest.first("a/", 2))).containsExactly("a/b/c");
    assertThat(keys(new LocalWalk(root), ListRequest.first("a", 2))).containsExactly("a!", "a-c", "a/b/c", "a0");
    assertThat(keys(new LocalWalk(root), ListRequest.first("b/", 2))).containsExactly("b/z");
    assertThat(keys(new LocalWalk(root), ListRequest.first("x", 2))).isEmpty();
  }

  @Test
  void folderListing_isOneLevel_pagedAndResumable_withFoldersAsNames() throws IOException {
    write("d/a", "d/b/x", "d/b/y/z", "d/c", "d/e/f", "d0");
    LocalWalk walk = new LocalWalk(root);
    Page first = walk.list(ListRequest.firstFolder("d/", 2));
    assertThat(first.files()).extracting(StorageFile::key).containsExactly("d/a");
    assertThat(first.folders()).containsExactly("d/b/");
    assertThat(first.nextToken()).contains("d/b/");
    Page second = walk.list(ListRequest.firstFolder("d/", 2).next("d/b/"));
    assertThat(second.files()).extracting(StorageFile::key).containsExactly("d/c");
    assertThat(second.folders()).containsExactly("d/e/");
    Page fresh = new LocalWalk(root).list(ListRequest.firstFolder("d/", 2).next("d/b/"));
    assertThat(fresh.files()).isEqualTo(second.files());
    assertThat(fresh.folders()).isEqualTo(second.folders());
    Page after = walk.list(ListRequest.firstFolder("d/", 10).startingAfter("d/b/x"));
    assertThat(after.files()).extracting(StorageFile::key).containsExactly("d/c");
    assertThat(after.folders()).containsExactly("d/e/");
    assertThat(after.nextToken()).isEmpty();
  }

  @Test
  void startAfter_skipsNatively_descendingOnlyWhereLaterKeysCanBe() throws IOException {
    write("a!", "a-c", "a/b/c", "a0", "b/z", "c");
    assertThat(keys(new LocalWalk(root), ListRequest.first("", 2).startingAfter("a/b/c")))
        .containsExactly("a0", "b/z", "c");
    assertThat(keys(new LocalWalk(root), ListRequest.first("", 2).startingAfter("a/a"))).containsExactly("a/b/c",
        "a0", "b/z", "c");
  }

  private static List<String> keys(LocalWalk walk, ListRequest request) throws IOException {
    List<String> keys = new ArrayList<>();
    ListRequest next = request;
    while (next != null) {
      Page page = walk.list(next);
      page.files().forEach(f -> keys.add(f.key()));
      next = page.nextToken().map(next::next).orElse(null);
    }
    return keys;
  }
}

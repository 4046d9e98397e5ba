package org.storagekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalTargetsTest {
  private static final URI S = URI.create("mem://x/");
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/../../x", "/etc/x", "C:\\x", "..\\x", "a//b", "", "x\u0000"})
  void resolveInside_unsafeKey_isRefusedNamingIt(String key) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("d")).toRealPath();
    assertThatThrownBy(() -> LocalTargets.resolveInside(S, dir, key))
        .isInstanceOf(UnsafeKeyException.class)
        .hasMessageContaining("nothing was written");
  }

  @Test
  void resolveInside_safeKey_staysInside() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("d")).toRealPath();
    assertThat(LocalTargets.resolveInside(S, dir, "a/b/c.txt")).isEqualTo(dir.resolve("a/b/c.txt"));
  }

  @Test
  void createParents_throughSymbolicLink_isRefusedAndCreatesNothingOutside() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("d")).toRealPath();
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createSymbolicLink(dir.resolve("link"), outside);
    Path target = LocalTargets.resolveInside(S, dir, "link/new/x.txt");
    assertThatThrownBy(() -> LocalTargets.createParents(S, "link/new/x.txt", dir, target))
        .isInstanceOf(UnsafeKeyException.class).hasMessageContaining("symbolic link");
    assertThat(outside.resolve("new")).doesNotExist();
  }

  @Test
  void createParents_createsMissingFolders() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("d")).toRealPath();
    Path target = LocalTargets.resolveInside(S, dir, "a/b/c.txt");
    LocalTargets.createParents(S, "a/b/c.txt", dir, target);
    assertThat(dir.resolve("a/b")).isDirectory();
  }
}

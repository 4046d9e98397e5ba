package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetTest {
  @TempDir
  Path dir;

  @Test
  void parse_remoteFile_splitsAtLastSlash() {
    Target t = Target.parse("s3://bucket/a/b/c.txt");
    assertThat(t.isLocal()).isFalse();
    assertThat(t.isFolder()).isFalse();
    assertThat(t.parent()).isEqualTo(URI.create("s3://bucket/a/b/"));
    assertThat(t.name()).isEqualTo("c.txt");
    assertThat(t.folder()).isEqualTo(URI.create("s3://bucket/a/b/c.txt/"));
  }

  @Test
  void parse_bucketOnly_isTheBucketFolder() {
    Target t = Target.parse("s3://bucket");
    assertThat(t.isFolder()).isTrue();
    assertThat(t.folder()).isEqualTo(URI.create("s3://bucket/"));
  }

  @Test
  void parse_trailingSlash_isFolder() {
    Target t = Target.parse("gs://bucket/photos/");
    assertThat(t.isFolder()).isTrue();
    assertThat(t.folder()).isEqualTo(URI.create("gs://bucket/photos/"));
    assertThatThrownBy(t::parent).isInstanceOf(CliException.class).hasMessageContaining("names a folder");
  }

  @Test
  void parse_query_staysWithTheStorage() {
    Target t = Target.parse("jclouds:s3://bucket/a/b.txt?endpoint=http://127.0.0.1:9000");
    assertThat(t.parent()).isEqualTo(URI.create("jclouds:s3://bucket/a/?endpoint=http://127.0.0.1:9000"));
    assertThat(t.name()).isEqualTo("b.txt");
  }

  @Test
  void parse_percentEncodedKey_isDecoded() {
    Target t = Target.parse("s3://bucket/a%20b%C3%A9.txt");
    assertThat(t.name()).isEqualTo("a bé.txt");
  }

  @Test
  void parse_plainPath_meansFile() {
    Target t = Target.parse(dir.resolve("x.txt").toString());
    assertThat(t.isLocal()).isTrue();
    assertThat(t.scheme()).isEqualTo("file");
    assertThat(t.name()).isEqualTo("x.txt");
    assertThat(t.parentPath()).isEqualTo(dir.toAbsolutePath());
  }

  @Test
  void parse_existingLocalDirectory_isFolderWithoutSlash() {
    Target t = Target.parse(dir.toString());
    assertThat(t.isFolder()).isTrue();
    assertThat(t.folderPath()).isEqualTo(dir.toAbsolutePath());
  }

  @Test
  void parse_fileUriForms_nameTheSamePath() {
    String p = dir.toAbsolutePath().resolve("f.txt").toString();
    for (String form : new String[] {"file:" + p, "file://" + p, "file://localhost" + p}) {
      assertThat(Target.parse(form).path()).as(form).isEqualTo(Path.of(p));
    }
  }

  @Test
  void parse_fileUriWithRemoteHost_isUsageError() {
    assertThatThrownBy(() -> Target.parse("file://server/x"))
        .isInstanceOf(CliException.class)
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE));
  }

  @Test
  void commonParent_sameBucket_isDeepestSharedFolder() {
    Target a = Target.parse("s3://bucket/data/2024/a.txt");
    Target b = Target.parse("s3://bucket/data/archive/a.txt");
    URI common = Target.commonParent(a, b);
    assertThat(common).isEqualTo(URI.create("s3://bucket/data/"));
    assertThat(a.dirBelow(common)).isEqualTo("2024/");
    assertThat(b.dirBelow(common)).isEqualTo("archive/");
  }

  @Test
  void commonParent_otherBucketOrLocal_isNull() {
    assertThat(Target.commonParent(Target.parse("s3://a/x"), Target.parse("s3://b/x"))).isNull();
    assertThat(Target.commonParent(Target.parse("s3://a/x"), Target.parse(dir.toString()))).isNull();
  }

  @Test
  void overlap_nestedFolders_isTrue() {
    assertThat(Target.overlap(Target.parse("s3://b/data"), Target.parse("s3://b/data/sub/"))).isTrue();
    assertThat(Target.overlap(Target.parse("s3://b/data"), Target.parse("s3://b/data2"))).isFalse();
  }

  @Test
  void propertyName_environmentSuffix_mapsToDottedDashedName() {
    assertThat(StorageCli.propertyName("S3_PATH_STYLE")).isEqualTo("s3.path-style");
    assertThat(StorageCli.propertyName("AZURE_CONNECTION_STRING")).isEqualTo("azure.connection-string");
    assertThat(StorageCli.propertyName("PARALLELISM")).isEqualTo("parallelism");
  }
}

package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.storagekit.FlushException;
import org.storagekit.LocalTargets;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageFile;
import org.storagekit.TransferSummary;
import org.storagekit.spi.Page;
import org.storagekit.spi.WriteRequest;

/**
 * The TCK tests itself: every section is part of the suite and each of its tests runs once,
 * against the reference storage everything passes, and each deliberately broken storage makes the
 * specific TCK tests for its defect fail. Failures are matched by test method name, which is unique
 * across the sections.
 */
class TckSelfTest {

  private static Events run(Class<?> tck) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(tck)).execute().testEvents();
  }

  private static Set<String> failedMethods(Events events) {
    return events.failed().stream()
        .map(TckSelfTest::methodName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String methodName(Event e) {
    return methodSource(e).map(MethodSource::getMethodName).orElse(e.getTestDescriptor().getDisplayName());
  }

  private static Optional<MethodSource> methodSource(Event e) {
    return e.getTestDescriptor().getSource().filter(s -> s instanceof MethodSource).map(s -> (MethodSource) s);
  }

  /** The TCK's sections: every top-level subclass of {@link TckSection} in its package. */
  private static List<Class<?>> sectionClasses() throws Exception {
    Path location = Path.of(TckSection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String pkg = TckSection.class.getPackageName();
    List<Class<?>> sections = new ArrayList<>();
    try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location);
        Stream<Path> files = Files.list((jar == null ? location : jar.getPath("/")).resolve(pkg.replace('.', '/')))) {
      for (String name : (Iterable<String>) files.map(p -> p.getFileName().toString())::iterator) {
        if (name.endsWith(".class") && !name.contains("$")) {
          Class<?> c = Class.forName(pkg + "." + name.substring(0, name.length() - ".class".length()));
          if (TckSection.class.isAssignableFrom(c) && c != TckSection.class) {
            sections.add(c);
          }
        }
      }
    }
    return sections;
  }

  @Test
  void everySection_isNestedInTheSuiteOnce_andEachTestRunsOnce() throws Exception {
    List<Class<?>> sections = sectionClasses();
    List<Class<?>> nested = Arrays.stream(StorageTck.class.getDeclaredClasses())
        .filter(c -> c.isAnnotationPresent(Nested.class))
        .map(Class::getSuperclass)
        .collect(Collectors.toList());
    assertThat(sections).hasSizeGreaterThanOrEqualTo(14);
    assertThat(nested).as("every section is a @Nested class of StorageTck, once")
        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sections);
    List<Method> declared = sections.stream()
        .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
        .filter(m -> m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(ParameterizedTest.class))
        .collect(Collectors.toList());
    assertThat(declared).extracting(Method::getName).as("test method names are unique across the sections")
        .doesNotHaveDuplicates();
    Map<String, Long> expected = declared.stream().collect(Collectors.toMap(Method::getName,
        m -> m.isAnnotationPresent(ParameterizedTest.class) ? m.getAnnotation(ValueSource.class).strings().length : 1L));
    List<MethodSource> started = run(InMemoryStorageTckTest.class).started().stream()
        .map(e -> methodSource(e).orElseThrow())
        .collect(Collectors.toList());
    assertThat(started.stream().collect(Collectors.groupingBy(MethodSource::getMethodName, Collectors.counting())))
        .as("every test (every invocation of a parameterized one) runs exactly once").isEqualTo(expected);
    assertThat(started.stream().collect(Collectors.groupingBy(MethodSource::getMethodName,
        Collectors.mapping(MethodSource::getClassName, Collectors.toSet()))))
        .allSatisfy((method, classes) -> assertThat(classes).as("'%s' runs in one section", method).hasSize(1));
  }

  @Test
  void referenceStorage_passesEveryTest() {
    Events events = run(InMemoryStorageTckTest.class);
    assertThat(failedMethods(events)).isEmpty();
    assertThat(events.skipped().count()).isZero();
    assertThat(events.aborted().count()).as("only the twins of declared capabilities are gated").isEqualTo(7);
    assertThat(events.succeeded().count()).isGreaterThan(50);
  }

  @Test
  void readOnlyReference_runsTheCapabilityTwins() {
    Events events = run(InMemoryStorageTckTest.ReadOnly.class);
    assertThat(failedMethods(events)).isEmpty();
    Set<String> passed = events.succeeded().stream().map(TckSelfTest::methodName).collect(Collectors.toSet());
    assertThat(passed).contains("spec13_3_withoutWrite_writesThrowUnsupportedAndChangeNothing",
        "spec13_3_withoutRangedRead_openRangeThrowsUnsupported",
        "spec13_3_withoutCopy_copyThrowsUnsupportedAndChangesNothing",
        "spec15_1_capabilities_areExactlyThoseDeclared",
        "spec13_3_withoutPresign_presignThrowsUnsupported",
        "spec13_3_withoutWrite_deleteAllThrowsUnsupported");
  }

  @Test
  void basicReference_runsTheTwinsOfTheObjectFeatures() {
    Events events = run(InMemoryStorageTckTest.Basic.class);
    assertThat(failedMethods(events)).isEmpty();
    Set<String> passed = events.succeeded().stream().map(TckSelfTest::methodName).collect(Collectors.toSet());
    assertThat(passed).contains("spec13_3_withoutMetadata_contentOptionsThrowUnsupportedAndWriteNothing",
        "spec13_3_withoutConditionalWrite_preconditionsThrowUnsupportedAndChangeNothing",
        "spec13_3_withoutPresign_presignThrowsUnsupported",
        "spec19_1_listFolder_returnsTheFilesAndSubfoldersOneLevelDown_inOrder",
        "spec20_1_deleteAll_deletesEveryKey_andAMissingKeyIsNoFailure");
  }

  @Test
  void storageDroppingTheContentType_isCaught() {
    assertThat(failedMethods(run(DropsContentType.class))).contains(
        "spec17_1_contentHeadersAndMetadata_areStoredAndReturnedByStat",
        "spec17_1_everyWritePath_storesTheContentType",
        "spec17_2_contentType_isGuessedFromTheExtension_whenNotSet");
  }

  @Test
  void storageIgnoringCreateOnly_isCaught() {
    assertThat(failedMethods(run(IgnoresCreateOnly.class))).contains(
        "spec18_1_ifNotExists_createsWhenAbsent_andFailsWhenPresent_onEveryWritePath",
        "spec18_3_ifNotExists_isExactOnMultipartAndStreamUploads",
        "spec18_3_racingCreateOnlyWriters_exactlyOneWins");
  }

  @Test
  void storageWhoseFolderListingLoadsEverything_isCaught() {
    assertThat(failedMethods(run(FolderListingLoadsEverything.class)))
        .contains("spec19_2_listFolder_isLazy_nothingIsReadUntilTheStreamIsConsumed");
  }

  @Test
  void storageWhosePresignedUrlNeedsCredentials_isCaught() {
    assertThat(failedMethods(run(PresignsWithoutSignature.class)))
        .contains("spec21_1_presignGet_servesTheExactBytes_withoutCredentials");
  }

  @Test
  void storageDroppingFlushErrors_isCaught() {
    assertThat(failedMethods(run(DropsFlushErrors.class)))
        .contains("spec10_2_flush_failedBackgroundUploads_throwsNamingEveryFailedKey");
  }

  @Test
  void storageWritingPartialFiles_isCaught() {
    assertThat(failedMethods(run(WritesPartialFiles.class))).contains(
        "spec5_3_putStream_failingMidway_leavesNoPartialFileAndKeepsThePrevious",
        "spec5_3_largePutStream_failingAfterThreshold_leavesNoPartialFile",
        "spec3_4_getFile_failingTransfer_leavesExistingFileAndNoTempFile");
  }

  @Test
  void storageFollowingSymbolicLinks_isCaught() {
    assertThat(failedMethods(run(FollowsSymbolicLinks.class)))
        .contains("spec6_3_addDirectory_symbolicLinks_areSkippedAndReported");
  }

  @Test
  void storageWhoseListingStopsAfterThePage_isCaught() {
    assertThat(failedMethods(run(ListsFirstPageOnly.class)))
        .contains("spec2_1_list_acrossPages_returnsEveryKeyOnce");
  }

  @Test
  void storageIgnoringUpdate_isCaught() {
    assertThat(failedMethods(run(IgnoresUpdate.class)))
        .contains("spec9_3_update_makesChangesFromAnotherInstanceVisible");
  }

  @Test
  void storageWithoutTraversalChecks_isCaught() {
    assertThat(failedMethods(run(WritesOutsideTheFolder.class)))
        .contains("spec4_2_getAllFiles_keyResolvingOutside_isRefusedAndNothingWrittenOutside");
  }

  @Test
  void storageStoppingAtTheFirstUnsafeKey_isCaught() {
    assertThat(failedMethods(run(StopsAtFirstUnsafeKey.class)))
        .contains("spec4_2_getAllFiles_keyResolvingOutside_isRefusedAndNothingWrittenOutside",
            "spec4_2_getAllFiles_manyUnsafeKeys_everyOneNamed_everySafeFileDownloaded");
  }

  @Test
  void storageThatCallsTheServerAtOpen_isCaught() {
    assertThat(failedMethods(run(MissingBucketFailsAtOpen.class)))
        .contains("spec14_5_missingBucket_opensWithoutError_andFirstUseThrowsNotFoundWithoutAKey");
  }

  @Test
  void storageReportingAMissingBucketAsAMissingKey_isCaught() {
    assertThat(failedMethods(run(MissingBucketLooksLikeMissingKey.class)))
        .contains("spec14_5_missingBucket_opensWithoutError_andFirstUseThrowsNotFoundWithoutAKey");
  }

  // ---------------------------------------------------------------- the broken storages

  /** Base of the broken TCK runs: the reference, with one defect swapped in. */
  abstract static class BrokenTck extends InMemoryStorageTckTest {
    @Override
    public final Storage openStorage(String prefix) {
      return broken(prefix);
    }

    abstract Storage broken(String prefix);
  }

  static class DropsFlushErrors extends BrokenTck {
    @Override
    Storage broken(String prefix) {
      return new ForwardingStorage(InMemoryBackend.open(BUCKET, prefix, ALL)) {
        @Override
        public void flush() {
          try {
            super.flush();
          } catch (FlushException e) {
            // the defect: failures vanish
          }
        }
      };
    }
  }

  static class WritesPartialFiles extends BrokenTck {
    @Override
    Storage broken(String prefix) {
      InMemoryBackend backend = new InMemoryBackend(BUCKET, prefix, ALL, 100) {
        @Override
        public StorageFile write(WriteRequest request) throws IOException {
          // the defect: bytes become visible as they arrive
          if (request.file().isPresent()) {
            return super.write(request);
          }
          InputStream content = request.stream().orElseThrow();
          java.io.ByteArrayOutputStream soFar = new java.io.ByteArrayOutputStream();
          byte[] chunk = new byte[1 << 20];
          int n;
          bucket.put(request.name(), new Blob(new byte[0], 0));
          while ((n = content.read(chunk)) >= 0) {
            soFar.write(chunk, 0, n);
            bucket.put(request.name(), new Blob(soFar.toByteArray(), 0));
          }
          return describe(request.name(), bucket.get(request.name()));
        }
      };
      return new ForwardingStorage(backend.storage()) {
        @Override
        public Path getFile(String key, Path local, ProgressListener progress) {
          // the defect: writes straight into the target
          try (InputStream in = open(key); OutputStream out = Files.newOutputStream(local)) {
            byte[] chunk = new byte[8192];
            long done = 0;
            int n;
            while ((n = in.read(chunk)) >= 0) {
              out.write(chunk, 0, n);
              done += n;
              progress.onProgress(done, -1, key);
            }
            return local;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      };
    }
  }

  static class FollowsSymbolicLinks extends BrokenTck {
    @Override
    Storage broken(String prefix) {
      return new ForwardingStorage(InMemoryBackend.open(BUCKET, prefix, ALL)) {
        @Override
        public TransferSummary addDirectory(Path local, String remotePrefix, ProgressListener progress) {
          // the defect: the walk follows links
          try (Stream<Path> walk = Files.walk(local, FileVisitOption.FOLLOW_LINKS)) {
            List<Path> files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
            for (Path f : files) {
              String rel = local.relativize(f).toString().replace('\\', '/');
              put(remotePrefix + "/" + rel, f);
            }
            return new TransferSummary(files.size(), 0, List.of());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      };
    }
  }

  static class ListsFirstPageOnly extends BrokenTck {
    @Override
    Storage broken(String prefix) {
      return new InMemoryBackend(BUCKET, prefix, ALL, 100) {
        @Override
        Page next(Page full) {
          return Page.last(full.files()); // the defect: the continuation is dropped
        }
      }.storage();
    }
  }

  static class IgnoresUpdate extends BrokenTck {
    @Override
    Storage broken(String prefix) {
      return new ForwardingStorage(InMemoryBackend.open(BUCKET, prefix, ALL)) {
        @Override
        public void update() {
          // the defect: the cache is never refreshed
        }
      };
    }
  }

  static class WritesOutsideTheFolder extends BrokenTck {
    @Override
    Storage broken(String prefix) {
      return new ForwardingStorage(InMemoryBackend.open(BUCKET, prefix, ALL)) {
        @Override
        public TransferSummary getAllFiles(Path directory, ProgressListener progress) {
          // the defect: keys are resolved naively (relative escapes only, to keep the test box safe)
          long n = 0;
          try (Stream<StorageFile> files = list()) {
            for (StorageFile f : (Iterable<StorageFile>) files::iterator) {
              if (f.key().startsWith("/") || f.key().contains(":")) {
                continue;
              }
              Path target = directory.resolve(f.key().replace('\\', '/')).normalize();
              Files.createDirectories(target.getParent());
              byte[] bytes = BUCKET.get(prefix + "/" + f.key()).bytes; // around the engine's key checks
              Files.write(target, bytes);
              n++;
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return new TransferSummary(n, 0, List.of());
        }
      };
    }
  }

  static class StopsAtFirstUnsafeKey extends BrokenTck {
    @Override
    Storage broken(String prefix) {
      return new ForwardingStorage(InMemoryBackend.open(BUCKET, prefix, ALL)) {
        @Override
        public TransferSummary getAllFiles(Path directory, ProgressListener progress) {
          // the defect: the first unsafe key ends the run, so safe files listed after it are lost
          long n = 0;
          long bytes = 0;
          try (Stream<StorageFile> files = list()) {
            Files.createDirectories(directory);
            Path real = directory.toRealPath();
            for (StorageFile f : (Iterable<StorageFile>) files::iterator) {
              Path target = LocalTargets.resolveInside(uri(), real, f.key());
              getFile(f.key(), target);
              n++;
              bytes += f.size();
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return new TransferSummary(n, bytes, List.of());
        }
      };
    }
  }

  static class DropsContentType extends BrokenTck {
    @Override
    Storage broken(String prefix) {
      return new ForwardingStorage(InMemoryBackend.open(BUCKET, prefix, ALL)) {
        @Override
        public Optional<StorageFile> get(String key) {
          // the defect: what stat returns loses the content type
          return super.get(key).map(f -> f.toBuilder().contentType(null).build());
        }
      };
    }
  }

  static class IgnoresCreateOnly extends BrokenTck {
    @Override
    Storage broken(String prefix) {
      return new InMemoryBackend(BUCKET, prefix, ALL, 100) {
        @Override
        void store(String name, Blob blob, org.storagekit.Precondition condition) {
          // the defect: create-only overwrites
          super.store(name, blob, condition.isIfNotExists() ? org.storagekit.Precondition.none() : condition);
        }
      }.storage();
    }
  }

  static class FolderListingLoadsEverything extends BrokenTck {
    @Override
    Storage broken(String prefix) {
      return new ForwardingStorage(InMemoryBackend.open(BUCKET, prefix, ALL)) {
        @Override
        public Stream<org.storagekit.StorageEntry> listFolder(String folder, String startAfter) {
          // the defect: the whole listing is read before the stream is returned
          try (Stream<org.storagekit.StorageEntry> all = super.listFolder(folder, startAfter)) {
            return all.collect(Collectors.toList()).stream();
          }
        }
      };
    }
  }

  static class PresignsWithoutSignature extends BrokenTck {
    @Override
    Storage broken(String prefix) {
      return new ForwardingStorage(InMemoryBackend.open(BUCKET, prefix, ALL)) {
        @Override
        public java.net.URI presignGet(String key, java.time.Duration expiry) {
          // the defect: a plain URL, which only works with credentials
          java.net.URI signed = super.presignGet(key, expiry);
          return java.net.URI.create(signed.toString().substring(0, signed.toString().indexOf('?')));
        }
      };
    }
  }

  static class MissingBucketFailsAtOpen extends InMemoryStorageTckTest {
    @Override
    public Storage openMissingBucket() {
      // the defect: open asks the server, and fails there
      throw new org.storagekit.NotFoundException(null, null, "the bucket 'missing' does not exist");
    }
  }

  static class MissingBucketLooksLikeMissingKey extends InMemoryStorageTckTest {
    @Override
    public Storage openMissingBucket() {
      return new ForwardingStorage(InMemoryBackend.openMissing()) {
        @Override
        public Stream<StorageFile> list() {
          // the defect: a missing bucket reads as a missing key
          throw new org.storagekit.NotFoundException(uri(), "k", "no such file");
        }
      };
    }
  }
}

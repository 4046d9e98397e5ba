package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.storagekit.Capability;
import org.storagekit.FlushException;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.spi.AtomicFiles;
import org.storagekit.tck.faults.Fault;

/**
 * The fault suite tests itself: against a reference (a plain HTTP object store behind the engine,
 * with no retries: it fails loudly where it cannot recover) every case passes and every fault kind is
 * injected; against deliberately broken storages the cases for their defect fail, naming the
 * violated figure.
 */
class FaultSuiteSelfTest {
  private static final HttpObjectServer SERVER = new HttpObjectServer();
  private static final String PARAMETERS = Fault.Kind.class.getName() + ", int";

  /** The reference: every operation succeeds exactly or fails loudly. */
  static class Reference extends FaultSuite implements FaultFixture {
    @Override
    protected FaultFixture fixture() {
      return this;
    }

    @Override
    public String name() {
      return "tck-" + getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public InetSocketAddress server() {
      return SERVER.address();
    }

    @Override
    public Storage openThrough(URI endpoint, String prefix) {
      return broken(HttpBackend.open(endpoint, prefix, Duration.ofMillis(500), lenient()));
    }

    @Override
    public Storage openDirect(String prefix) {
      return HttpBackend.open(SERVER.address(), prefix, Duration.ofSeconds(10), false);
    }

    @Override
    public List<String> openUploads(String prefix) {
      return List.of(); // single requests only: nothing can be left open
    }

    @Override
    public Set<Capability> declaredCapabilities() {
      return Set.of(Capability.WRITE, Capability.COPY, Capability.ETAG);
    }

    @Override
    public Fault.Kind throttling() {
      return Fault.Kind.S3_SLOW_DOWN;
    }

    @Override
    public long largeFileSize() {
      return 1024 * 1024 + 1;
    }

    @Override
    public int pagedListingKeys() {
      return HttpBackend.PAGE * 2 + 7;
    }

    @Override
    public Duration stall() {
      return Duration.ofSeconds(5);
    }

    Storage broken(Storage storage) {
      return storage;
    }

    boolean lenient() {
      return false;
    }
  }

  /** Reports success for a put that failed. */
  static class SwallowsPutFailures extends Reference {
    @Override
    Storage broken(Storage storage) {
      return new ForwardingStorage(storage) {
        @Override
        public StorageFile put(String key, Path local) {
          try {
            return delegate.put(key, local);
          } catch (StorageException e) {
            return null;
          }
        }
      };
    }
  }

  /** Lets the vendor's failure out, unwrapped. */
  static class LeaksUntranslatedFailures extends Reference {
    @Override
    Storage broken(Storage storage) {
      return new ForwardingStorage(storage) {
        @Override
        public StorageFile put(String key, Path local) {
          try {
            return delegate.put(key, local);
          } catch (StorageException e) {
            throw new IllegalStateException("vendor: " + e.getCause(), e.getCause());
          }
        }
      };
    }
  }

  /** Streams a download straight into the target: a failure leaves a partial file. */
  static class LeavesPartialFiles extends Reference {
    @Override
    Storage broken(Storage storage) {
      return new ForwardingStorage(storage) {
        @Override
        public Path getFile(String key, Path local, ProgressListener progress) {
          try (InputStream in = delegate.open(key)) {
            Files.createDirectories(local.getParent());
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            return local;
          } catch (IOException e) {
            throw new StorageException(uri(), key, e.toString(), e);
          }
        }
      };
    }
  }

  /** Writes what a body cut short delivered, atomically but unverified. */
  static class SwallowsTruncatedBodies extends Reference {
    @Override
    boolean lenient() {
      return true;
    }

    @Override
    Storage broken(Storage storage) {
      return new ForwardingStorage(storage) {
        @Override
        public Path getFile(String key, Path local, ProgressListener progress) {
          try (InputStream in = delegate.open(key)) {
            AtomicFiles.write(local, temp -> Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING));
            return local;
          } catch (IOException e) {
            throw new StorageException(uri(), key, e.toString(), e);
          } catch (UncheckedIOException e) {
            throw new StorageException(uri(), key, e.toString(), e);
          }
        }
      };
    }
  }

  /** A flush that drops the failures of background uploads. */
  static class DropsFlushFailures extends Reference {
    @Override
    Storage broken(Storage storage) {
      return new ForwardingStorage(storage) {
        @Override
        public void flush() {
          try {
            delegate.flush();
          } catch (FlushException e) {
            // dropped
          }
        }

        @Override
        public void close() {
          try {
            delegate.close();
          } catch (FlushException e) {
            // dropped
          }
        }
      };
    }
  }

  private static EngineExecutionResults run(DiscoverySelector selector) {
    return EngineTestKit.engine("junit-jupiter").selectors(selector).execute();
  }

  private static EngineExecutionResults runMethod(Class<?> suite, String method) {
    return run(selectMethod(suite, method, PARAMETERS));
  }

  private static List<String> failures(EngineExecutionResults results) {
    return results.allEvents().failed().stream()
        .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
            .map(Throwable::getMessage).orElse("?") + " [" + e.getTestDescriptor().getDisplayName() + "]")
        .collect(Collectors.toList());
  }

  @Test
  void reference_passesEveryCase_andEveryFaultKindIsInjected() throws IOException {
    EngineExecutionResults results = run(selectClass(Reference.class));
    assertThat(failures(results)).as("the reference passes every case, and @AfterAll found every kind injected")
        .isEmpty();
    assertThat(results.testEvents().succeeded().count()).as("every operation under every kind")
        .isEqualTo(10L * FaultSuite.kinds(Fault.Kind.S3_SLOW_DOWN).size());
    String figures = Files.readString(Path.of("target/fault-figures/tck-reference.md"));
    assertThat(figures).contains("| lost or corrupted (must be 0) | 0 |", "| uploads left open (must be 0) | 0 |",
        "| unexpected exception types (must be 0) | 0 |", "| failures dropped (must be 0) | 0 |");
    assertThat(figures).as("a reference without retries fails loudly").doesNotContain("| operations failed loudly | 0 |");
  }

  @Test
  void putThatSwallowsFailures_isCaught_asLost() {
    List<String> failed = failures(runMethod(SwallowsPutFailures.class, "spec22_1_putSinglePart_storesExactlyOrFailsLoudly"));
    assertThat(failed).isNotEmpty().allSatisfy(m -> assertThat(m).contains("lost or corrupted"));
  }

  @Test
  void untranslatedFailures_areCaught_asUnexpectedExceptionTypes() {
    List<String> failed = failures(runMethod(LeaksUntranslatedFailures.class,
        "spec22_1_putSinglePart_storesExactlyOrFailsLoudly"));
    assertThat(failed).isNotEmpty().allSatisfy(m -> assertThat(m).contains("unexpected exception types"));
  }

  @Test
  void partialDownloads_areCaught() {
    List<String> failed = failures(runMethod(LeavesPartialFiles.class, "spec22_1_getFileInParallelRanges_writesExactlyOrNothing"));
    assertThat(failed).isNotEmpty().anySatisfy(m -> assertThat(m).contains("lost or corrupted"));
  }

  @Test
  void swallowedTruncatedBodies_areCaught_asCorrupted() {
    List<String> failed = failures(runMethod(SwallowsTruncatedBodies.class, "spec22_1_getFile_writesExactlyOrNothing"));
    assertThat(failed).isNotEmpty().anySatisfy(m -> assertThat(m).contains("TRUNCATE_RESPONSE").contains("lost or corrupted"));
  }

  @Test
  void droppedFlushFailures_areCaught() {
    List<String> failed = failures(runMethod(DropsFlushFailures.class, "spec22_1_addFileThenFlush_storesEveryFileOrFlushNamesIt"));
    assertThat(failed).isNotEmpty().anySatisfy(m -> assertThat(m).contains("failures dropped"));
  }
}

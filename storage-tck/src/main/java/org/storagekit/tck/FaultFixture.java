package org.storagekit.tck;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.tck.faults.Fault;
import org.storagekit.tck.faults.FaultProxy;

/**
 * What a backend supplies to the {@link FaultSuite}: where its test server listens, how to open a
 * storage whose every request goes through a {@link FaultProxy} in front of that server, how to open
 * one that talks to the server directly (around the proxy, to write sources and read back what the
 * faulted operations left), and how to list the uploads it leaves open. {@link FaultSuite#fixture()}
 * returns it, once per run of the suite.
 */
public interface FaultFixture {

  /**
   * A short name for the backend and its server ({@code s3-s3proxy}, {@code azure-azurite}): letters,
   * digits and dashes; the suite writes its figures to {@code target/fault-figures/<name>.md}.
   */
  String name();

  /** Host and port of the test server; the proxy forwards every connection there. */
  InetSocketAddress server();

  /**
   * Opens a storage under {@code prefix} (one or more {@code /}-separated segments of letters, digits
   * and dashes) that sends every request to {@code endpoint}, the proxy ({@code http://127.0.0.1:PORT}).
   * It SHOULD be configured as a test wants it: a read timeout of a second or two (well below
   * {@link #stall()}), a few retry attempts with short backoff, and part sizes small enough that
   * {@link #largeFileSize()} goes multipart and is read in parallel ranges.
   */
  Storage openThrough(URI endpoint, String prefix);

  /** Opens a storage under {@code prefix} that talks to the server directly, around the proxy. */
  Storage openDirect(String prefix);

  /**
   * The uploads left open below {@code prefix} (the prefix of {@link #openThrough} and the run's own
   * folder below it: {@code faults-1a2b3c4d/run-7}, with no trailing slash), listed with the
   * backend's own client: multipart uploads not completed or aborted (S3), blobs with uncommitted
   * blocks (Azure), unfinished resumable sessions (GCS). One entry a left-over upload, naming it.
   * A backend that has no such state returns an empty list.
   */
  List<String> openUploads(String prefix);

  /** The capabilities the backend claims; copy runs only with {@link Capability#COPY}. */
  Set<Capability> declaredCapabilities();

  /**
   * The service's own throttling reply: {@link Fault.Kind#S3_SLOW_DOWN},
   * {@link Fault.Kind#AZURE_SERVER_BUSY} or {@link Fault.Kind#GCS_TOO_MANY_REQUESTS}; another
   * service answers with the one its client treats as throttling, or {@link Fault.Kind#HTTP_503}.
   */
  Fault.Kind throttling();

  /**
   * Size of the large file: it MUST exceed the multipart threshold of {@link #openThrough}'s storage
   * (and its parallel-download threshold, where it has one). Default 6 MiB + 1.
   */
  default long largeFileSize() {
    return 6L * 1024 * 1024 + 1;
  }

  /** Keys of the listing-across-pages case; MUST exceed one page of {@link #openThrough}'s storage. Default 1,100. */
  default int pagedListingKeys() {
    return 1100;
  }

  /**
   * A bug this backend is known to have under {@code kind} in {@code operation} (the suite's name of
   * it: {@code put multipart}, {@code getFile}, ...), described for the report, or empty. A case with
   * a known issue that breaks a must-be-zero figure is counted in the figures as usual, but is
   * reported as aborted (skipped, naming the issue) rather than failed; one that no longer breaks
   * anything passes. Default: none. Keep the list short and each entry tied to a filed issue.
   */
  default java.util.Optional<String> knownIssue(String operation, Fault.Kind kind) {
    return java.util.Optional.empty();
  }

  /**
   * How long a stalled connection stays silent before the proxy resets it; MUST exceed the read
   * timeout of {@link #openThrough}'s storage. Default 30 seconds.
   */
  default Duration stall() {
    return Duration.ofSeconds(30);
  }
}

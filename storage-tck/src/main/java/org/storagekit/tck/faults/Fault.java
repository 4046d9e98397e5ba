package org.storagekit.tck.faults;

import java.time.Duration;
import java.util.Objects;

/**
 * One connection's fault.
 *
 * @param kind what happens
 * @param afterBytes the bytes forwarded before it happens (of the request for
 *     {@link Kind#RESET_REQUEST}, of the response otherwise); unused by HTTP replies and refusals
 * @param pause how long a stall lasts at most, or the pause between the chunks of a drip
 * @param chunk the bytes per chunk of a drip
 */
public record Fault(Kind kind, long afterBytes, Duration pause, int chunk) {
  /** What happens to one connection. */
  public enum Kind {
    /** Forwarded unchanged. */
    PASS,
    /** Reset (TCP RST) once N bytes of the request were forwarded. */
    RESET_REQUEST,
    /** Reset (TCP RST) once N bytes of the response were forwarded. */
    RESET_RESPONSE,
    /** Nothing more forwarded after N response bytes for a while (or until close), then a reset. */
    STALL,
    /** The response cut short after N bytes, the connection closed cleanly (FIN). */
    TRUNCATE_RESPONSE,
    /** An HTTP 500 answered by the proxy; nothing reaches the target. */
    HTTP_500,
    /** An HTTP 503 answered by the proxy; nothing reaches the target. */
    HTTP_503,
    /** S3's throttling reply, a 503 with the {@code SlowDown} error code. */
    S3_SLOW_DOWN,
    /** Azure's throttling reply, a 503 with the {@code ServerBusy} error code. */
    AZURE_SERVER_BUSY,
    /** GCS's throttling reply, a 429 with the {@code rateLimitExceeded} reason. */
    GCS_TOO_MANY_REQUESTS,
    /** The response forwarded in small chunks with a pause between them, after N bytes. */
    SLOW_DRIP,
    /** The connection accepted and reset at once, before any byte; nothing reaches the target. */
    REFUSE
  }

  /** Validates the fault. */
  public Fault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pause, "pause");
    if (afterBytes < 0 || chunk < 1 || pause.isNegative()) {
      throw new IllegalArgumentException("invalid fault: " + kind + " after " + afterBytes + " bytes, pause "
          + pause + ", chunk " + chunk);
    }
  }

  /** No fault. */
  public static Fault pass() {
    return new Fault(Kind.PASS, 0, Duration.ZERO, 1);
  }

  /** A reset after {@code bytes} of the request. */
  public static Fault resetRequestAfter(long bytes) {
    return new Fault(Kind.RESET_REQUEST, bytes, Duration.ZERO, 1);
  }

  /** A reset after {@code bytes} of the response. */
  public static Fault resetResponseAfter(long bytes) {
    return new Fault(Kind.RESET_RESPONSE, bytes, Duration.ZERO, 1);
  }

  /** A stall after {@code bytes} of the response, for {@code at most} (or until close), then a reset. */
  public static Fault stallAfter(long bytes, Duration atMost) {
    return new Fault(Kind.STALL, bytes, atMost, 1);
  }

  /** The response cut short after {@code bytes}, the connection closed cleanly. */
  public static Fault truncateResponseAfter(long bytes) {
    return new Fault(Kind.TRUNCATE_RESPONSE, bytes, Duration.ZERO, 1);
  }

  /** An HTTP reply answered by the proxy: {@link Kind#HTTP_500} and the throttling kinds. */
  public static Fault reply(Kind kind) {
    if (FaultProxy.Reply.of(kind) == null) {
      throw new IllegalArgumentException("not an HTTP reply: " + kind);
    }
    return new Fault(kind, 0, Duration.ZERO, 1);
  }

  /** The response dripped {@code chunk} bytes at a time, {@code pause} apart, from its first byte. */
  public static Fault slowDrip(int chunk, Duration pause) {
    return new Fault(Kind.SLOW_DRIP, 0, pause, chunk);
  }

  /** A refused connection (accepted, then reset before any byte). */
  public static Fault refuse() {
    return new Fault(Kind.REFUSE, 0, Duration.ZERO, 1);
  }
}

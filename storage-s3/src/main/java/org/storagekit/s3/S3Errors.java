package org.storagekit.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.TransientException;
import org.storagekit.spi.HttpErrors;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place AWS SDK failures become StorageKit exceptions: the backend's translation hook.
 * Retries happen before this, in the SDK's retry strategy. Messages carry the S3 error code, the
 * service's message, the HTTP status and the request id, never credentials.
 */
final class S3Errors {
  private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NotFound", "NoSuchUpload");
  private static final Set<String> DENIED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
      "AllAccessDisabled", "AccountProblem", "ExpiredToken", "InvalidToken", "TokenRefreshRequired");
  private static final Set<String> PRECONDITION = Set.of("PreconditionFailed", "ConditionalRequestConflict",
      "OperationAborted", "BucketAlreadyExists", "BucketAlreadyOwnedByYou", "InvalidObjectState");
  private static final Set<String> TRANSIENT = Set.of("SlowDown", "Throttling", "ThrottlingException",
      "RequestTimeout", "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable", "RequestLimitExceeded",
      "TooManyRequests", "BandwidthLimitExceeded");
  /** The bytes the server received do not match the checksum sent with them (Content-MD5, a CRC). */
  private static final Set<String> DIGEST = Set.of("BadDigest", "InvalidDigest");
  /**
   * The server could not verify how the request was signed or framed: a request or transport
   * failure, not corrupt data.
   */
  private static final Set<String> REQUEST = Set.of("XAmzContentSHA256Mismatch", "IncompleteBody",
      "InvalidChunkSizeError");

  private S3Errors() {}

  /**
   * Whether the server answered 501 Not Implemented: it does not know the request or one of its
   * {@code x-amz-} headers (strict S3-compatible servers); a backend then asks without it.
   */
  static boolean notImplemented(Throwable error) {
    return error instanceof AwsServiceException && ((AwsServiceException) error).statusCode() == 501;
  }

  /** An SDK failure on {@code key} ({@code null}: the storage) as ours; empty for the engine's defaults. */
  static Optional<StorageException> translate(URI storage, String key, Throwable error) {
    if (!(error instanceof SdkException)) {
      return Optional.empty();
    }
    SdkException e = (SdkException) error;
    if (e instanceof AwsServiceException) {
      return Optional.of(service(storage, key, (AwsServiceException) e));
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return Optional.of(new TransientException(storage, key, "S3 request timed out: " + e.getMessage(), e));
    }
    return Optional.of(e instanceof AbortedException ? new StorageException(storage, key, "S3 request aborted", e)
        : e instanceof SdkClientException && hasIoCause(e)
            ? new TransientException(storage, key, "S3 connection failed: " + e.getMessage(), e)
            : new StorageException(storage, key, "S3 client error: " + e.getMessage(), e));
  }

  /**
   * By error code where it says more than the status (most 400s), else by status. A missing bucket
   * names the bucket and no key, so the engine never takes it for a missing file.
   */
  private static StorageException service(URI storage, String key, AwsServiceException e) {
    int status = e.statusCode();
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null || details.errorCode() == null ? "" : details.errorCode();
    String message = details == null || details.errorMessage() == null ? "" : ": " + details.errorMessage();
    String reason = (code.isEmpty() ? "error" : code) + message
        + (e.requestId() == null || e.requestId().isEmpty() ? "" : ", request id " + e.requestId());
    String described = " (" + reason + ", HTTP " + status + ")";
    if ("NoSuchBucket".equals(code)) {
      return new NotFoundException(storage, null, "no such bucket '" + storage.getAuthority() + "'" + described, e);
    }
    if (status == 404 || NOT_FOUND.contains(code)) {
      return new NotFoundException(storage, key, ("NoSuchUpload".equals(code)
          ? "the multipart upload no longer exists" : "no such file") + described, e);
    }
    if ("SignatureDoesNotMatch".equals(code)) {
      return new AccessDeniedException(storage, key, "access denied: the server computed another signature for the "
          + "request; check the secret key, the region, the clock, and any proxy that rewrites requests" + described, e);
    }
    if (status == 401 || status == 403 || DENIED.contains(code)) {
      return new AccessDeniedException(storage, key, "access denied" + described, e);
    }
    if ("XAmzContentSHA256Mismatch".equals(code)) {
      return new StorageException(storage, key, "the server could not verify the request's payload hash "
          + "(x-amz-content-sha256), a request or transport failure, not corrupt data; check any proxy between "
          + "client and server, and whether the server reads aws-chunked signed bodies (over plain http the SDK "
          + "signs bodies in chunks; https does not)" + described, e);
    }
    if (REQUEST.contains(code)) {
      return new StorageException(storage, key, "the server could not read the request body as sent, a request or "
          + "transport failure, not corrupt data; check the connection and any proxy between client and server"
          + described, e);
    }
    if (DIGEST.contains(code)) {
      return new StorageException(storage, key, "the bytes the server received do not match the checksum sent "
          + "with them (damaged on the way, or the source changed while it was read); nothing was stored"
          + described, e);
    }
    if (status == 409 || status == 412 || PRECONDITION.contains(code)) {
      return new PreconditionFailedException(storage, key, "precondition failed" + described, e);
    }
    if (TRANSIENT.contains(code) || e.isThrottlingException()) {
      return new TransientException(storage, key, "S3 is throttling or unavailable" + described, e);
    }
    return HttpErrors.forStatus(storage, key, status, "S3 request failed: " + reason, e); // 416, 429, 5xx, ...
  }

  private static boolean hasIoCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException && t.getClass() != InterruptedIOException.class) {
        return true;
      }
    }
    return false;
  }
}

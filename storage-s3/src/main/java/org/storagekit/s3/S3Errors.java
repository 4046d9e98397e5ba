package org.storagekit.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.Set;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.TransientException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place AWS SDK failures become StorageKit exceptions. Retries happen before this, inside
 * the SDK's retry strategy; what arrives here is final for the call. Messages carry the S3 error
 * code, the service's message, the HTTP status and the request id, never credentials.
 */
final class S3Errors {
  private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchBucket", "NotFound", "NoSuchUpload");
  private static final Set<String> DENIED = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
      "AllAccessDisabled", "AccountProblem", "ExpiredToken", "InvalidToken", "TokenRefreshRequired");
  private static final Set<String> PRECONDITION = Set.of("PreconditionFailed", "ConditionalRequestConflict",
      "OperationAborted", "BucketAlreadyExists", "BucketAlreadyOwnedByYou", "InvalidObjectState");
  private static final Set<String> TRANSIENT = Set.of("SlowDown", "Throttling", "ThrottlingException",
      "RequestTimeout", "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable", "RequestLimitExceeded",
      "TooManyRequests", "BandwidthLimitExceeded");
  private static final Set<String> INTEGRITY = Set.of("BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch",
      "IncompleteBody");

  private S3Errors() {}

  /** Translates an SDK failure on {@code key} (or {@code null} for storage-wide calls). */
  static StorageException translate(URI storage, String key, SdkException e) {
    if (e instanceof AwsServiceException) {
      return service(storage, key, (AwsServiceException) e);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new TransientException(storage, key, "S3 request timed out: " + e.getMessage(), e);
    }
    if (e instanceof AbortedException) {
      return new StorageException(storage, key, "S3 request aborted", e);
    }
    if (e instanceof SdkClientException && hasIoCause(e)) {
      return new TransientException(storage, key, "S3 connection failed: " + e.getMessage(), e);
    }
    return new StorageException(storage, key, "S3 client error: " + e.getMessage(), e);
  }

  /** Translates an I/O failure that happened outside an SDK call (reading a local source, a stream). */
  static StorageException translate(URI storage, String key, IOException e) {
    String message = e.getMessage();
    return new StorageException(storage, key,
        e.getClass().getSimpleName() + (message == null ? "" : ": " + message), e);
  }

  private static StorageException service(URI storage, String key, AwsServiceException e) {
    int status = e.statusCode();
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null || details.errorCode() == null ? "" : details.errorCode();
    String reason = describe(code, details, status, e.requestId());
    if (status == 404 || NOT_FOUND.contains(code)) {
      if ("NoSuchBucket".equals(code)) {
        return new NotFoundException(storage, key, "no such bucket (" + reason + ")", e);
      }
      if ("NoSuchUpload".equals(code)) {
        return new NotFoundException(storage, key, "the multipart upload no longer exists (" + reason + ")", e);
      }
      return new NotFoundException(storage, key, "no such file (" + reason + ")", e);
    }
    if (status == 401 || status == 403 || DENIED.contains(code)) {
      return new AccessDeniedException(storage, key, "access denied (" + reason + ")", e);
    }
    if (INTEGRITY.contains(code)) {
      return new StorageException(storage, key, "integrity check failed on the server (" + reason + ")", e);
    }
    if (status == 412 || status == 409 || PRECONDITION.contains(code)) {
      return new PreconditionFailedException(storage, key, "precondition failed (" + reason + ")", e);
    }
    if (status == 429 || status >= 500 || TRANSIENT.contains(code) || e.isThrottlingException()) {
      return new TransientException(storage, key, "S3 is throttling or unavailable (" + reason + ")", e);
    }
    return new StorageException(storage, key, "S3 request failed (" + reason + ")", e);
  }

  private static String describe(String code, AwsErrorDetails details, int status, String requestId) {
    StringBuilder b = new StringBuilder();
    b.append(code.isEmpty() ? "error" : code);
    String message = details == null ? null : details.errorMessage();
    if (message != null && !message.isEmpty()) {
      b.append(": ").append(message);
    }
    b.append(", HTTP ").append(status);
    if (requestId != null && !requestId.isEmpty()) {
      b.append(", request id ").append(requestId);
    }
    return b.toString();
  }

  private static boolean hasIoCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException && !(t instanceof InterruptedIOException && isInterrupt(t))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isInterrupt(Throwable t) {
    return t.getClass() == InterruptedIOException.class;
  }
}

package org.storagekit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.TransientException;
import org.storagekit.spi.RangeNotSatisfiableException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorsTest {
  private static final URI STORAGE = URI.create("s3://bucket/p/");

  private static S3Exception error(int status, String code) {
    return (S3Exception) S3Exception.builder()
        .statusCode(status)
        .requestId("req-1")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("message of " + code).build())
        .build();
  }

  private static StorageException translate(S3Exception e) {
    return S3Errors.translate(STORAGE, "k", e).orElseThrow();
  }

  @Test
  void translate_notFoundCodes_areNotFound() {
    assertThat(translate(error(404, "NoSuchKey"))).isInstanceOf(NotFoundException.class);
    assertThat(((NotFoundException) translate(error(404, "NoSuchKey"))).key()).contains("k");
    assertThat(translate(error(404, "NoSuchBucket"))).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no such bucket 'bucket'")
        .satisfies(e -> assertThat(((NotFoundException) e).key()).isEmpty());
  }

  @Test
  void translate_rangeNotSatisfiable_isTheEnginesSignalForAnEmptyRange() {
    assertThat(translate(error(416, "InvalidRange"))).isInstanceOf(RangeNotSatisfiableException.class);
  }

  @Test
  void translate_notAnSdkFailure_isLeftToTheEngine() {
    assertThat(S3Errors.translate(STORAGE, "k", new IOException("connection reset"))).isEmpty();
    assertThat(S3Errors.translate(STORAGE, "k", new IllegalStateException("listener"))).isEmpty();
  }

  @Test
  void translate_forbidden_isAccessDenied() {
    assertThat(translate(error(403, "AccessDenied"))).isInstanceOf(AccessDeniedException.class);
    assertThat(translate(error(403, "SignatureDoesNotMatch"))).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void translate_preconditionAndConflict_arePreconditionFailed() {
    assertThat(translate(error(412, "PreconditionFailed"))).isInstanceOf(PreconditionFailedException.class);
    assertThat(translate(error(409, "OperationAborted"))).isInstanceOf(PreconditionFailedException.class);
  }

  @Test
  void translate_throttlingAndServerErrors_areTransient() {
    assertThat(translate(error(503, "SlowDown"))).isInstanceOf(TransientException.class);
    assertThat(translate(error(429, "TooManyRequests"))).isInstanceOf(TransientException.class);
    assertThat(translate(error(500, "InternalError"))).isInstanceOf(TransientException.class);
    assertThat(translate(error(400, "RequestTimeout"))).isInstanceOf(TransientException.class);
    assertThat(S3Errors.translate(STORAGE, "k", ApiCallTimeoutException.create(1000))).get()
        .isInstanceOf(TransientException.class);
    assertThat(S3Errors.translate(STORAGE, "k",
        SdkClientException.builder().message("io").cause(new IOException("connection reset")).build())).get()
        .isInstanceOf(TransientException.class);
  }

  @Test
  void translate_badDigest_saysTheReceivedBytesDoNotMatchTheirChecksum() {
    assertThat(translate(error(400, "BadDigest"))).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("'k'")
        .hasMessageContaining("do not match the checksum sent")
        .hasMessageContaining("nothing was stored");
  }

  @Test
  void translate_payloadHashMismatch_isARequestFailureNotCorruption() {
    // Ceph RGW 16.2 answers this to an empty aws-chunked body: nothing was corrupt
    StorageException t = translate(error(400, "XAmzContentSHA256Mismatch"));
    assertThat(t).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("'k'")
        .hasMessageContaining("payload hash (x-amz-content-sha256)")
        .hasMessageContaining("not corrupt data")
        .hasMessageContaining("aws-chunked")
        .hasMessageContaining("XAmzContentSHA256Mismatch")
        .hasMessageNotContaining("integrity check failed");
    assertThat(translate(error(400, "IncompleteBody"))).isExactlyInstanceOf(StorageException.class)
        .hasMessageContaining("request or transport failure, not corrupt data")
        .hasMessageNotContaining("integrity check failed");
  }

  @Test
  void translate_signatureMismatch_isAccessDeniedNamingWhatToCheck() {
    assertThat(translate(error(403, "SignatureDoesNotMatch"))).isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("'k'")
        .hasMessageContaining("check the secret key, the region, the clock")
        .hasMessageNotContaining("integrity");
  }

  @Test
  void translate_anyError_namesStorageKeyCodeStatusAndKeepsTheCause() {
    S3Exception e = error(400, "InvalidArgument");
    StorageException t = translate(e);
    assertThat(t).isExactlyInstanceOf(StorageException.class).hasCause(e);
    assertThat(t.getMessage()).contains("s3://bucket/p/", "'k'", "InvalidArgument", "HTTP 400", "req-1");
  }
}

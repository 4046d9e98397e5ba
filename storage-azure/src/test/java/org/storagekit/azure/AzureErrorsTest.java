package org.storagekit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.storage.blob.models.BlobStorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.TransientException;
import org.storagekit.spi.RangeNotSatisfiableException;

/** The translation hook on its own: SDK failures as the engine hands them over; no server needed. */
class AzureErrorsTest {
  private static final URI STORAGE = URI.create("az://data/p/");
  private final AzureErrors errors = new AzureErrors(STORAGE, "data");

  @Test
  void translate_missingBlob_notFoundNamingTheKey() {
    StorageException e = errors.translate(failure(HttpMethod.HEAD, 404, "BlobNotFound", null), "k.txt").orElseThrow();

    assertThat(e).isInstanceOf(NotFoundException.class).hasMessageContaining("k.txt").hasMessageContaining("404");
    assertThat(e.key()).contains("k.txt");
  }

  @Test
  void translate_missingContainer_notFoundWithoutKeyNamingTheContainer() {
    StorageException e = errors.translate(failure(HttpMethod.HEAD, 404, "ContainerNotFound", null), "k.txt")
        .orElseThrow();

    assertThat(e).isInstanceOf(NotFoundException.class).hasMessageContaining("container does not exist: 'data'");
    assertThat(e.key()).isEmpty();
  }

  @Test
  void translate_statusCodes_followHttpErrors() {
    assertThat(errors.translate(failure(HttpMethod.GET, 416, "InvalidRange", null), "k").orElseThrow())
        .isInstanceOf(RangeNotSatisfiableException.class);
    assertThat(errors.translate(failure(HttpMethod.GET, 403, "AuthenticationFailed", null), "k").orElseThrow())
        .isInstanceOf(AccessDeniedException.class);
    assertThat(errors.translate(failure(HttpMethod.PUT, 412, "ConditionNotMet", null), "k").orElseThrow())
        .isInstanceOf(PreconditionFailedException.class);
    assertThat(errors.translate(failure(HttpMethod.HEAD, 503, "ServerBusy", null), "k").orElseThrow())
        .isInstanceOf(TransientException.class).hasMessageContaining("ServerBusy").hasMessageContaining("HTTP 503");
  }

  @Test
  void translate_pinnedCopyOfAChangedSource_isTransient() {
    assertThat(errors.translate(failure(HttpMethod.PUT, 412, "SourceConditionNotMet", "\"0x1\""), "k").orElseThrow())
        .isInstanceOf(TransientException.class).hasMessageContaining("source changed while it was being copied");
    assertThat(errors.translate(failure(HttpMethod.PUT, 412, "ConditionNotMet", "\"0x1\""), "k").orElseThrow())
        .as("Azurite's code for a source condition").isInstanceOf(TransientException.class);
  }

  @Test
  void translate_failedConditionOnTheTargetOrARead_preconditionFailedNamingTheKey() {
    HttpRequest conditioned = new HttpRequest(HttpMethod.PUT, "http://127.0.0.1/devstoreaccount1/data/p/k");
    conditioned.setHeader(HttpHeaderName.fromString("x-ms-source-if-match"), "\"0x1\"");
    conditioned.setHeader(HttpHeaderName.IF_NONE_MATCH, "*");
    BlobStorageException copy = new BlobStorageException("ConditionNotMet",
        new ErrorResponse(conditioned, 412, "ConditionNotMet"), null);

    assertThat(errors.translate(copy, "k").orElseThrow()).isInstanceOf(PreconditionFailedException.class)
        .satisfies(e -> assertThat(e.key()).contains("k"));
    assertThat(errors.translate(failure(HttpMethod.PUT, 409, "BlobAlreadyExists", null), "k").orElseThrow())
        .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("BlobAlreadyExists");
    assertThat(errors.translate(failure(HttpMethod.GET, 412, "ConditionNotMet", null), "k").orElseThrow())
        .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("ETag changed")
        .satisfies(e -> assertThat(e.key()).contains("k"));
  }

  @Test
  void translate_wrappedFailures_areUnwrapped() {
    RuntimeException wrapped = new RuntimeException(failure(HttpMethod.HEAD, 404, "BlobNotFound", null));
    assertThat(errors.translate(wrapped, "k").orElseThrow()).isInstanceOf(NotFoundException.class);
    assertThat(errors.translate(new UncheckedIOException(new ConnectException("refused")), "k").orElseThrow())
        .isInstanceOf(TransientException.class).hasMessageContaining("network failure");
  }

  @Test
  void translate_notTheSdks_isLeftToTheEngine() {
    assertThat(errors.translate(new IOException("local disk"), "k")).isEmpty();
    assertThat(errors.translate(new IllegalStateException("listener"), "k")).isEmpty();
  }

  @Test
  void translate_secretsInServiceMessages_areRemoved() {
    BlobStorageException e = new BlobStorageException("Signature did not match. sig=SECRET&se=2030",
        response(HttpMethod.GET, 403, "AuthenticationFailed", null), null);

    assertThat(errors.translate(e, "k").orElseThrow()).hasMessageNotContaining("SECRET");
  }

  private static BlobStorageException failure(HttpMethod method, int status, String code, String sourceIfMatch) {
    return new BlobStorageException(code, response(method, status, code, sourceIfMatch), null);
  }

  private static HttpResponse response(HttpMethod method, int status, String code, String sourceIfMatch) {
    HttpRequest request = new HttpRequest(method, "http://127.0.0.1/devstoreaccount1/data/p/k");
    if (sourceIfMatch != null) {
      request.setHeader(HttpHeaderName.fromString("x-ms-source-if-match"), sourceIfMatch);
    }
    return new ErrorResponse(request, status, code);
  }
}

package org.storagekit.jclouds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.UncheckedExecutionException;
import java.net.ConnectException;
import java.net.URI;
import org.jclouds.blobstore.ContainerNotFoundException;
import org.jclouds.blobstore.KeyNotFoundException;
import org.jclouds.http.HttpCommand;
import org.jclouds.http.HttpRequest;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;
import org.jclouds.rest.AuthorizationException;
import org.junit.jupiter.api.Test;
import org.storagekit.AccessDeniedException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.StorageException;
import org.storagekit.TransientException;
import org.storagekit.spi.RangeNotSatisfiableException;

/** jclouds failures become StorageKit exceptions in one place, with the cause kept and no secrets. */
class JcloudsErrorsTest {
  private static final URI STORAGE = URI.create("jclouds://s3/bucket/");
  private static final JcloudsErrors ERRORS = new JcloudsErrors(STORAGE, "bucket");

  private static StorageException translate(String key, Throwable e) {
    return ERRORS.translate(e, key).orElseThrow();
  }

  private static HttpResponseException http(int status) {
    HttpRequest request = HttpRequest.builder().method("GET")
        .endpoint("http://127.0.0.1:9000/bucket/key?X-Amz-Signature=deadbeefsecret")
        .addHeader("Authorization", "AWS AKID:signature-secret").build();
    HttpResponse response = HttpResponse.builder().statusCode(status).message("Status " + status).build();
    return new HttpResponseException(new HttpCommand(request), response, "<Error>body-secret</Error>");
  }

  @Test
  void translate_notFoundKinds_becomeNotFound() {
    assertThat(translate("k", new KeyNotFoundException("bucket", "k", "gone")))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("'k'");
    assertThat(translate("k", new ContainerNotFoundException("bucket", "gone")))
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.key()).isEmpty())
        .hasMessageContaining("container 'bucket'");
    assertThat(translate("k", http(404))).isInstanceOfSatisfying(NotFoundException.class,
        e -> assertThat(e.key()).hasValue("k"));
  }

  @Test
  void translate_replyCutShort_isTransient_namingTheKey() {
    assertThat(translate("k", new IllegalStateException("incorrect code for this operation: {statusCode=2, headers={}}")))
        .as("a status line cut within its code").isInstanceOf(org.storagekit.TransientException.class)
        .hasMessageContaining("'k'").hasMessageContaining("cut short");
    assertThat(translate("k", new IllegalStateException("incorrect code for this operation: {statusCode=-1}")))
        .as("no status line").isInstanceOf(org.storagekit.TransientException.class);
    IllegalArgumentException unparsable = new IllegalArgumentException("Error parsing data at 0");
    unparsable.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("org.jclouds.date.internal.SimpleDateFormatDateService", "rfc822DateParse", null, 103)});
    assertThat(translate("k", unparsable)).as("a header cut short").isInstanceOf(org.storagekit.TransientException.class);
    assertThat(translate("k", new IllegalStateException("incorrect code for this operation: {statusCode=409}")))
        .as("a whole status is not").isExactlyInstanceOf(StorageException.class);
    assertThat(translate("k", new IllegalArgumentException("bad"))).as("nor another IllegalArgumentException")
        .isExactlyInstanceOf(StorageException.class);
  }

  @Test
  void translate_416_isRangeNotSatisfiable() {
    assertThat(translate("k", http(416))).isInstanceOf(RangeNotSatisfiableException.class);
  }

  @Test
  void translate_bareIOException_isLeftToTheEngine() {
    assertThat(ERRORS.translate(new java.io.IOException("source broke"), "k")).isEmpty();
    assertThat(ERRORS.translate(new java.io.InterruptedIOException("interrupted"), "k"))
        .as("an interruption is the engine's to report, not a transient failure").isEmpty();
  }

  @Test
  void translate_statusCodes_becomeTheMatchingSubtype() {
    assertThat(translate("k", http(403))).isInstanceOf(AccessDeniedException.class);
    assertThat(translate("k", http(401))).isInstanceOf(AccessDeniedException.class);
    assertThat(translate("k", new AuthorizationException("denied")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(translate("k", http(412))).isInstanceOf(PreconditionFailedException.class);
    assertThat(translate("k", http(503))).isInstanceOf(TransientException.class);
    assertThat(translate("k", http(429))).isInstanceOf(TransientException.class);
    StorageException other = translate("k", http(400));
    assertThat(other).isExactlyInstanceOf(StorageException.class).hasMessageContaining("HTTP 400");
  }

  @Test
  void translate_wrappedCauses_areFoundInTheChain() {
    RuntimeException wrapped = new UncheckedExecutionException(new RuntimeException(http(403)));
    assertThat(translate("k", wrapped)).isInstanceOf(AccessDeniedException.class)
        .hasCause(wrapped);
    RuntimeException refused = new RuntimeException(new ConnectException("Connection refused"));
    assertThat(translate("k", refused)).isInstanceOf(TransientException.class);
    RuntimeException timedOut = new RuntimeException(new java.net.SocketTimeoutException("Read timed out"));
    assertThat(translate("k", timedOut)).isInstanceOf(TransientException.class);
  }

  @Test
  void translate_httpFailure_messageCarriesNoUrlHeaderOrBody() {
    StorageException e = translate("k", http(403));
    assertThat(e.getMessage()).startsWith("jclouds://s3/bucket/ 'k': Status 403").contains("HTTP 403")
        .doesNotContain("secret").doesNotContain("AKID").doesNotContain("9000");
  }

  @Test
  void translate_storageException_isReturnedAsIs() {
    StorageException ours = new NotFoundException(STORAGE, "k", "no such file");
    assertThat(translate("k", ours)).isSameAs(ours);
  }
}

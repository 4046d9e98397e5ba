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

/** jclouds failures become StorageKit exceptions in one place, with the cause kept and no secrets. */
class JcloudsErrorsTest {
  private static final URI STORAGE = URI.create("jclouds://s3/bucket/");

  private static HttpResponseException http(int status) {
    HttpRequest request = HttpRequest.builder().method("GET")
        .endpoint("http://127.0.0.1:9000/bucket/key?X-Amz-Signature=deadbeefsecret")
        .addHeader("Authorization", "AWS AKID:signature-secret").build();
    HttpResponse response = HttpResponse.builder().statusCode(status).message("Status " + status).build();
    return new HttpResponseException(new HttpCommand(request), response, "<Error>body-secret</Error>");
  }

  @Test
  void translate_notFoundKinds_becomeNotFound() {
    assertThat(JcloudsErrors.translate(STORAGE, "k", new KeyNotFoundException("bucket", "k", "gone")))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("'k'");
    assertThat(JcloudsErrors.translate(STORAGE, "k", new ContainerNotFoundException("bucket", "gone")))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("container");
    assertThat(JcloudsErrors.translate(STORAGE, "k", http(404))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void translate_statusCodes_becomeTheMatchingSubtype() {
    assertThat(JcloudsErrors.translate(STORAGE, "k", http(403))).isInstanceOf(AccessDeniedException.class);
    assertThat(JcloudsErrors.translate(STORAGE, "k", http(401))).isInstanceOf(AccessDeniedException.class);
    assertThat(JcloudsErrors.translate(STORAGE, "k", new AuthorizationException("denied")))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(JcloudsErrors.translate(STORAGE, "k", http(412))).isInstanceOf(PreconditionFailedException.class);
    assertThat(JcloudsErrors.translate(STORAGE, "k", http(503))).isInstanceOf(TransientException.class);
    assertThat(JcloudsErrors.translate(STORAGE, "k", http(429))).isInstanceOf(TransientException.class);
    StorageException other = JcloudsErrors.translate(STORAGE, "k", http(400));
    assertThat(other).isExactlyInstanceOf(StorageException.class).hasMessageContaining("HTTP 400");
  }

  @Test
  void translate_wrappedCauses_areFoundInTheChain() {
    RuntimeException wrapped = new UncheckedExecutionException(new RuntimeException(http(403)));
    assertThat(JcloudsErrors.translate(STORAGE, "k", wrapped)).isInstanceOf(AccessDeniedException.class)
        .hasCause(wrapped);
    RuntimeException refused = new RuntimeException(new ConnectException("Connection refused"));
    assertThat(JcloudsErrors.translate(STORAGE, "k", refused)).isInstanceOf(TransientException.class);
  }

  @Test
  void translate_httpFailure_messageCarriesNoUrlHeaderOrBody() {
    StorageException e = JcloudsErrors.translate(STORAGE, "k", http(403));
    assertThat(e.getMessage()).startsWith("jclouds://s3/bucket/ 'k': HTTP 403")
        .doesNotContain("secret").doesNotContain("AKID").doesNotContain("9000");
  }

  @Test
  void translate_storageException_isReturnedAsIs() {
    StorageException ours = new NotFoundException(STORAGE, "k", "no such file");
    assertThat(JcloudsErrors.translate(STORAGE, "k", ours)).isSameAs(ours);
  }
}

package org.storagekit.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A bodiless error answer of the blob service to {@code request}: a status and an error code. */
final class ErrorResponse extends HttpResponse {
  private final int status;
  private final HttpHeaders headers;

  ErrorResponse(HttpRequest request, int status, String errorCode) {
    super(request);
    this.status = status;
    this.headers = new HttpHeaders().set(HttpHeaderName.fromString("x-ms-error-code"), errorCode);
  }

  @Override
  public int getStatusCode() {
    return status;
  }

  @Override
  @Deprecated
  public String getHeaderValue(String name) {
    return headers.getValue(HttpHeaderName.fromString(name));
  }

  @Override
  public HttpHeaders getHeaders() {
    return headers;
  }

  @Override
  public Flux<ByteBuffer> getBody() {
    return Flux.empty();
  }

  @Override
  public Mono<byte[]> getBodyAsByteArray() {
    return Mono.just(new byte[0]);
  }

  @Override
  public Mono<String> getBodyAsString() {
    return Mono.just("");
  }

  @Override
  public Mono<String> getBodyAsString(Charset charset) {
    return Mono.just("");
  }
}

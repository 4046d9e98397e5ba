package org.storagekit.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import reactor.core.publisher.Mono;

/**
 * Makes a connection closed before the reply was complete an {@link IOException}, within each
 * attempt, so that the SDK's retry policy (which retries I/O failures and timeouts only) retries it.
 * Netty reports such a reply cut short as a {@code PrematureChannelClosureException}, a decoder
 * failure rather than an I/O one; left so, it was neither retried nor transient [§14.7].
 */
final class PrematureClosures implements HttpPipelinePolicy {
  private static final String NETTY_CLASS = "PrematureChannelClosureException";

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_RETRY;
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    return next.process().onErrorMap(PrematureClosures::isPrematureClosure, PrematureClosures::asIo);
  }

  @Override
  public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    try {
      return next.processSync();
    } catch (RuntimeException e) {
      if (isPrematureClosure(e) && !(e instanceof UncheckedIOException)) {
        throw new UncheckedIOException(asIo(e));
      }
      throw e;
    }
  }

  /** Whether {@code e} or one of its causes is Netty's report of a connection closed mid-reply. */
  static boolean isPrematureClosure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().equals(NETTY_CLASS)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static IOException asIo(Throwable e) {
    return e instanceof IOException ? (IOException) e
        : new IOException("the connection closed before the reply was complete: " + e.getMessage(), e);
  }
}

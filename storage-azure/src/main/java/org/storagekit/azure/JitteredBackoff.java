package org.storagekit.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.storagekit.RetryOptions;
import reactor.core.publisher.Mono;

/**
 * The wait before each retry of a request, with full jitter ({@link RetryOptions#backoff(int)}):
 * a policy run once per attempt, after the SDK's retry policy, which itself waits (almost) nothing
 * because its exponential delays have no jitter. The attempt number lives in the call's context,
 * which every attempt of one call shares.
 */
final class JitteredBackoff implements HttpPipelinePolicy {
  private static final String ATTEMPT = "storagekit.attempt";

  private final RetryOptions retries;

  JitteredBackoff(RetryOptions retries) {
    this.retries = retries;
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_RETRY;
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    Duration wait = nextWait(context);
    return wait.isZero() ? next.process() : Mono.delay(wait).then(Mono.defer(next::process));
  }

  @Override
  public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    Duration wait = nextWait(context);
    if (!wait.isZero()) {
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new InterruptedIOException("interrupted before a retry"));
      }
    }
    return next.processSync();
  }

  /** Counts the attempt; zero before the first, a jittered backoff before each retry. */
  private Duration nextWait(HttpPipelineCallContext context) {
    int attempt = (Integer) context.getData(ATTEMPT).orElse(0) + 1;
    context.setData(ATTEMPT, attempt);
    return attempt == 1 ? Duration.ZERO : retries.backoff(attempt - 1);
  }
}

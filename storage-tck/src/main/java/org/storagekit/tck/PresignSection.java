package org.storagekit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.storagekit.Capability;

/** §21 Presigned URLs, used by a plain HTTP client without credentials. */
abstract class PresignSection extends TckSection {
  private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpClient client = fixture.presignClient();
    return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void spec21_1_presignGet_servesTheExactBytes_withoutCredentials() throws Exception {
    requires(Capability.PRESIGN);
    byte[] bytes = TckData.bytes(100_003, 101);
    putBytes("dir/shared file+1.bin", bytes);
    URI url = storage.presignGet("dir/shared file+1.bin", Duration.ofMinutes(10));
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(url).GET());
    assertThat(response.statusCode()).as("§21.1: GET %s", url.getHost()).isEqualTo(200);
    assertThat(response.body()).as("§21.1: the exact bytes").isEqualTo(bytes);
  }

  @Test
  void spec21_2_presignPut_storesBytesTheStorageReads() throws Exception {
    requires(Capability.PRESIGN);
    byte[] bytes = TckData.bytes(70_001, 102);
    URI url = storage.presignPut("up/load.bin", Duration.ofMinutes(10), null);
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    assertThat(response.statusCode()).as("§21.2: PUT, body %s", new String(response.body())).isBetween(200, 299);
    assertThat(read(open(), "up/load.bin")).as("§21.2: the storage reads what was put").isEqualTo(bytes);

    URI typed = storage.presignPut("up/pic.png", Duration.ofMinutes(10), "image/png");
    HttpResponse<byte[]> put = send(HttpRequest.newBuilder(typed).header("Content-Type", "image/png")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    assertThat(put.statusCode()).as("§21.2: PUT with the signed content type, body %s", new String(put.body()))
        .isBetween(200, 299);
    assertThat(read(open(), "up/pic.png")).isEqualTo(bytes);
    if (declares(Capability.METADATA)) {
      assertThat(open().get("up/pic.png").orElseThrow().contentType()).contains("image/png");
    }
  }

  @Test
  void spec21_3_anExpiredUrl_isRefused() throws Exception {
    requires(Capability.PRESIGN);
    assumeTrue(fixture.presignExpiryEnforced(), "gated: this test server does not enforce presigned URL expiry");
    putBytes("soon.txt", utf8("x"));
    URI url = storage.presignGet("soon.txt", Duration.ofSeconds(1));
    Thread.sleep(3_000); // the URL's own expiry, not a performance bound
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(url).GET());
    assertThat(response.statusCode()).as("§21.3: an expired URL is refused").isBetween(400, 499);
  }

  @Test
  void spec21_4_expiry_isFromOneSecondToSevenDays() {
    requires(Capability.PRESIGN);
    assertThatThrownBy(() -> storage.presignGet("a.txt", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a.txt");
    assertThatThrownBy(() -> storage.presignGet("a.txt", Duration.ofDays(8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> storage.presignGet("../a.txt", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void spec13_3_withoutPresign_presignThrowsUnsupported() {
    requiresAbsent(Capability.PRESIGN);
    assertThatThrownBy(() -> storage.presignGet("a.txt", Duration.ofMinutes(1)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> storage.presignPut("a.txt", Duration.ofMinutes(1), null))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}

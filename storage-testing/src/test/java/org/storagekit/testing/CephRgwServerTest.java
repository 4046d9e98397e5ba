package org.storagekit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ceph cluster's own lifecycle; storage-s3 tests it in use. Without Ceph's packages this fails
 * (naming the command that installs them), never skips.
 */
class CephRgwServerTest {
  @TempDir Path parent;

  @Test
  void start_servesS3OverHttpAndHttps_closeKillsExactlyItsDaemonsAndDeletesItsFolder() throws Exception {
    List<Long> pids;
    Path folder;
    try (CephRgwServer rgw = CephRgwServer.builder().parent(parent).memstoreBytes(1L << 30).start()) {
      pids = rgw.pids();
      assertThat(pids).hasSize(4).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());
      assertThat(rgw.version()).startsWith("16.2.");
      assertThat(rgw.httpEndpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(rgw.rssBytes()).isPositive();
      assertThat(rgw.toString()).doesNotContain(CephRgwServer.SECRET_KEY);
      try (var folders = Files.list(parent)) {
        folder = folders.findFirst().orElseThrow();
      }

      HttpResponse<String> http = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(rgw.httpEndpoint().resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(http.statusCode()).isEqualTo(200);
      assertThat(http.body()).contains("ListAllMyBucketsResult");

      HttpResponse<String> https = HttpClient.newBuilder().sslContext(trusting(rgw.trustStore())).build().send(
          HttpRequest.newBuilder(rgw.httpsEndpoint().resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(https.statusCode()).isEqualTo(200);
      assertThat(https.body()).contains("ListAllMyBucketsResult");
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("daemon %d", pid).isEmpty();
    }
    assertThat(folder).doesNotExist();
  }

  @Test
  void missingPrograms_noneOnAMachineThatRunsTheTests() {
    assertThat(CephRgwServer.missingPrograms())
        .as("install Ceph: " + CephRgwServer.INSTALL_COMMAND).isEmpty();
  }

  private static SSLContext trusting(Path trustStore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(trustStore)) {
      store.load(in, CephRgwServer.TRUST_STORE_PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}

package org.storagekit.jclouds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.storagekit.Storage;
import org.storagekit.Storages;
import org.storagekit.testing.RecordingLogs;
import org.storagekit.testing.S3ProxyServer;
import org.storagekit.testing.SecretScan;

/**
 * Issue 16 §6: with every logger at TRACE (jclouds' {@code jclouds.wire} and {@code jclouds.headers}
 * included, through jclouds-slf4j), the jclouds credential appears in no log record, no failure's
 * message along its cause chain and no toString, through successes, a wrong credential, a missing key
 * and a malformed property, against the generic {@code s3} API on an embedded S3Proxy.
 */
class JcloudsSecretsTest {
  private static final String WRONG_CREDENTIAL = "wrong-jclouds-credential-7c4e1a9d";

  @Test
  void jclouds_credential_neverLoggedPrintedOrInMessages() throws Exception {
    SecretScan scan = new SecretScan(S3ProxyServer.SECRET_KEY, WRONG_CREDENTIAL);
    try (JcloudsFixture.S3ProxyTarget target = new JcloudsFixture.S3ProxyTarget();
        RecordingLogs.Capture logs = RecordingLogs.capture()) {
      URI uri = URI.create("jclouds://s3/" + JcloudsFixture.CONTAINER + "/secrets/");
      scan.object("config", JcloudsStorageProvider.parse(uri, target.properties()));
      try (Storage storage = Storages.open(uri, target.properties())) {
        scan.object("storage", storage);
        storage.put("a.txt", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
        try (InputStream in = storage.open("a.txt")) {
          assertThat(in.readAllBytes()).hasSize(5);
        }
        scan.object("listing", storage.list().toList());
        scan.failing("missing key", () -> storage.open("no-such-key").close());
        storage.delete("a.txt");
      }

      Map<String, String> wrong = new HashMap<>(target.properties());
      wrong.put("credential", WRONG_CREDENTIAL);
      wrong.put(org.storagekit.RetryOptions.MAX_ATTEMPTS, "1");
      scan.object("wrong config", JcloudsStorageProvider.parse(uri, wrong));
      scan.failing("access denied", () -> {
        try (Storage storage = Storages.open(uri, wrong)) {
          scan.object("wrong storage", storage);
          storage.put("x.txt", new ByteArrayInputStream(new byte[] {1}));
        }
      });

      Map<String, String> malformed = new HashMap<>(target.properties());
      malformed.put("create", "perhaps");
      scan.failing("malformed property", () -> Storages.open(uri, malformed));

      assertThat(logs.events()).as("debug logging ran").isGreaterThan(20);
      assertThat(logs.text()).as("jclouds' wire and header logs ran").contains("jclouds.headers");
      // every record but the embedded S3Proxy's own (the server, not the client) is scanned
      scan.text("logs", logs.textWithout("org.gaul."));
    }
    assertThat(scan.scannedChars()).isGreaterThan(1000);
    scan.assertNoSecrets();
  }
}

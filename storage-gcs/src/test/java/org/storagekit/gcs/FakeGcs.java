package org.storagekit.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.storagekit.testing.FakeGcsServer;

/**
 * The tests' GCS: one {@link FakeGcsServer} on loopback for the whole run, and a throwaway
 * service account (an RSA key pair made here, its JSON key file in a temp folder) that the server
 * trusts, for OAuth tokens and signed URLs. Storages opened with {@link #config} authenticate and
 * presign with that key, as against GCS; {@link #client()} is an anonymous client of the server.
 */
final class FakeGcs {
  static final String BUCKET = "storagekit-tck";
  static final String PROJECT = "storagekit-test";
  static final String ACCOUNT = "tck@storagekit-test.iam.gserviceaccount.com";
  private static FakeGcs shared;

  final FakeGcsServer server;
  final Path keyFile;
  private final com.google.cloud.storage.Storage client;

  private FakeGcs() throws IOException, NoSuchAlgorithmException {
    server = FakeGcsServer.start();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    server.trust(ACCOUNT, pair.getPublic());
    String pem = "-----BEGIN PRIVATE KEY-----\\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
            .replace("\n", "\\n")
        + "\\n-----END PRIVATE KEY-----\\n";
    Path dir = Files.createTempDirectory("storagekit-gcs-key");
    dir.toFile().deleteOnExit();
    keyFile = dir.resolve("service-account.json");
    Files.writeString(keyFile, "{\"type\": \"service_account\", \"project_id\": \"" + PROJECT + "\","
        + " \"private_key_id\": \"throwaway\", \"private_key\": \"" + pem + "\", \"client_email\": \"" + ACCOUNT
        + "\", \"client_id\": \"1\", \"token_uri\": \"" + server.tokenUri() + "\"}");
    keyFile.toFile().deleteOnExit();
    client = StorageOptions.http().setHost(server.endpoint()).setProjectId(PROJECT)
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  /** The server and key of this test run, made on first use. */
  static synchronized FakeGcs shared() {
    if (shared == null) {
      try {
        shared = new FakeGcs();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return shared;
  }

  /** A configuration on {@code bucket} of the server, with the service-account key. */
  GcsStorageConfig.Builder config(String bucket) {
    return GcsStorageConfig.builder(bucket).host(server.endpoint()).serviceAccountKey(keyFile).project(PROJECT);
  }

  /** An anonymous client of the server (not to be closed: it is shared). */
  com.google.cloud.storage.Storage client() {
    return client;
  }
}

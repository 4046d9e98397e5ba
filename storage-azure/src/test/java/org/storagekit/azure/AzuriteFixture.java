package org.storagekit.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import org.storagekit.testing.AzuriteServer;

/**
 * The Azure side of the shared {@link AzuriteServer} (in memory, one for the test JVM, installed
 * and started on first use): containers through the SDK and configurations for the emulator.
 */
final class AzuriteFixture {
  private AzuriteFixture() {}

  /** The container {@code name}, created if missing, through the SDK directly. */
  static BlobContainerClient container(String name) {
    BlobContainerClient client = new BlobServiceClientBuilder()
        .connectionString(AzuriteServer.shared().connectionString()).buildClient()
        .getBlobContainerClient(name);
    client.createIfNotExists();
    return client;
  }

  /** A configuration for {@code container} on the emulator with the development account's key. */
  static AzureStorageConfig.Builder config(String container) {
    return AzureStorageConfig.builder(container).connectionString(AzuriteServer.shared().connectionString());
  }
}

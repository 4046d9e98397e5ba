package org.storagekit.azure;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.storagekit.StorageException;
import org.storagekit.spi.PresignRequest;
import org.storagekit.spi.StorageContext;

/**
 * Shared access signatures for one blob: a service SAS signed with the account's shared key, or,
 * with a token credential, a user delegation SAS, its key fetched from the service for each
 * signature (one request). A SAS token credential cannot sign anything new.
 */
final class AzureSigner {
  private final StorageContext context;
  private final AzureStorageConfig config;

  AzureSigner(StorageContext context, AzureStorageConfig config) {
    this.context = context;
    this.config = config;
  }

  /** The SAS query (without {@code ?}) granting {@code permission} on {@code blob} until {@code expiry}, if the credential can sign. */
  Optional<String> sas(BlobClient blob, BlobSasPermission permission, OffsetDateTime expiry) {
    BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(expiry, permission);
    if (config.hasAccountKey()) {
      return Optional.of(blob.generateSas(values));
    }
    if (config.auth() == AzureStorageConfig.Auth.TOKEN_CREDENTIAL
        || config.auth() == AzureStorageConfig.Auth.DEFAULT_CREDENTIAL) {
      UserDelegationKey key = blob.getContainerClient().getServiceClient().getUserDelegationKey(null, expiry);
      return Optional.of(blob.generateUserDelegationSas(values, key));
    }
    return Optional.empty();
  }

  /**
   * A URL for a plain HTTP GET (read) or PUT (create and write) of the blob [§21]. A PUT must send
   * {@code x-ms-blob-type: BlockBlob}, as every Put Blob must; the SAS cannot require a content type.
   *
   * @throws StorageException naming what is missing if the credential cannot sign
   */
  URI presign(BlobClient blob, PresignRequest request) {
    BlobSasPermission permission = request.method() == PresignRequest.Method.GET
        ? new BlobSasPermission().setReadPermission(true)
        : new BlobSasPermission().setCreatePermission(true).setWritePermission(true);
    String sas = sas(blob, permission, OffsetDateTime.now(ZoneOffset.UTC).plus(request.expiry()))
        .orElseThrow(() -> new StorageException(context.uri(), context.keyOf(request.name()), "cannot presign: a SAS"
            + " token cannot sign new URLs; configure the account's shared key (azure.key, or a connection string with"
            + " AccountKey) or a token credential, which signs with a user delegation key"));
    return URI.create(blob.getBlobUrl() + "?" + sas);
  }
}

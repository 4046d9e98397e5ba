package org.storagekit.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.RetryOptions;
import org.storagekit.Storage;
import org.storagekit.tck.FaultFixture;
import org.storagekit.tck.FaultSuite;
import org.storagekit.tck.faults.Fault;
import org.storagekit.testing.AzuriteServer;

/** The fault suite against Azurite, through the fault proxy: 1 MiB blocks, short tries. */
class AzureFaultSuiteTest extends FaultSuite implements FaultFixture {
  private static final String CONTAINER = "faults";
  private static final int MIB = 1024 * 1024;

  private static BlobContainerClient container() {
    return AzuriteFixture.container(CONTAINER);
  }

  @Override
  protected FaultFixture fixture() {
    return this;
  }

  @Override
  public String name() {
    return "azure-azurite";
  }

  @Override
  public InetSocketAddress server() {
    return new InetSocketAddress("127.0.0.1", AzuriteServer.shared().port());
  }

  @Override
  public Storage openThrough(URI endpoint, String prefix) {
    container();
    String connection = "DefaultEndpointsProtocol=http;AccountName=" + AzuriteServer.ACCOUNT + ";AccountKey="
        + AzuriteServer.KEY + ";BlobEndpoint=" + endpoint + "/" + AzuriteServer.ACCOUNT + ";";
    // a try that stalls ends after 3 s (the proxy stalls for 30 s), then is retried
    return AzureStorageConfig.builder(CONTAINER).prefix(prefix).connectionString(connection)
        .blockSize(MIB).maxSingleUploadSize(MIB).maxConcurrency(2).listPageSize(50)
        .retries(RetryOptions.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(50))
            .maxBackoff(Duration.ofMillis(200)).readTimeout(Duration.ofSeconds(3)).build())
        .build().open();
  }

  @Override
  public Storage openDirect(String prefix) {
    container();
    return AzuriteFixture.config(CONTAINER).prefix(prefix).build().open();
  }

  /** Blobs below the prefix that hold uncommitted blocks (committed or not), listed with the SDK. */
  @Override
  public List<String> openUploads(String prefix) {
    List<String> open = new ArrayList<>();
    ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix + "/")
        .setDetails(new BlobListDetails().setRetrieveUncommittedBlobs(true));
    for (BlobItem blob : container().listBlobs(options, null)) {
      int uncommitted = container().getBlobClient(blob.getName()).getBlockBlobClient()
          .listBlocks(BlockListType.UNCOMMITTED).getUncommittedBlocks().size();
      if (uncommitted > 0) {
        open.add(blob.getName() + " (" + uncommitted + " uncommitted block(s))");
      }
    }
    return open;
  }

  @Override
  public Set<Capability> declaredCapabilities() {
    return new AzureStorageProvider().capabilities();
  }

  @Override
  public Fault.Kind throttling() {
    return Fault.Kind.AZURE_SERVER_BUSY;
  }

  /**
   * Found by this suite: the 3 s try timeout does not end a stalled read (getFile, listing, copy wait
   * until the proxy gives up), so the stall here is 5 s rather than the default 30 s, to keep the
   * suite inside the CI budget.
   */
  @Override
  public Duration stall() {
    return Duration.ofSeconds(5);
  }

  @Override
  public long largeFileSize() {
    return 3L * MIB + 12_345; // four blocks, four ranges
  }

  @Override
  public int pagedListingKeys() {
    return 120;
  }
}

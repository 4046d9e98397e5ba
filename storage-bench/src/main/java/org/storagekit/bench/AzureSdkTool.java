package org.storagekit.bench;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The Azure SDK for Java used directly: {@code uploadFromFile} / {@code downloadToFile} with the
 * SDK's default parallel transfer options, and a fixed pool of {@code threads} for directories (the
 * SDK has no directory transfer; StorageKit's default parallelism is 8). rclone 1.60 cannot reach
 * Azurite, so this is the Azure peer.
 */
final class AzureSdkTool implements Tool {
  private final BlobContainerClient container;
  private final int threads;

  AzureSdkTool(String connectionString, String containerName, int threads) {
    BlobServiceClient service = new BlobServiceClientBuilder().connectionString(connectionString).buildClient();
    this.container = service.getBlobContainerClient(containerName);
    this.threads = threads;
  }

  @Override
  public String name() {
    return "Azure SDK";
  }

  /** Creates the container if it is missing. */
  void createContainer() {
    container.createIfNotExists();
  }

  /** Stores {@code count} empty blobs named {@code prefix/k000000...}. */
  void seed(String prefix, int count) throws Exception {
    parallel(count, i -> container.getBlobClient(String.format("%s/k%06d", prefix, i))
        .upload(BinaryData.fromBytes(new byte[0]), true));
  }

  @Override
  public void upload(Path file, String key) {
    container.getBlobClient(key).uploadFromFile(file.toString(), true);
  }

  @Override
  public void download(String key, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    container.getBlobClient(key).downloadToFile(file.toString(), true);
  }

  @Override
  public void uploadDir(Path dir, String prefix) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    parallel(files.size(), i -> {
      Path f = files.get(i);
      String key = prefix + "/" + dir.relativize(f).toString().replace('\\', '/');
      container.getBlobClient(key).uploadFromFile(f.toString(), true);
    });
  }

  @Override
  public void downloadDir(String prefix, Path dir) throws Exception {
    List<String> keys = new ArrayList<>();
    for (BlobItem b : container.listBlobs(new ListBlobsOptions().setPrefix(prefix + "/"), null)) {
      keys.add(b.getName());
    }
    parallel(keys.size(), i -> {
      String key = keys.get(i);
      Path target = dir.resolve(key.substring(prefix.length() + 1));
      Files.createDirectories(target.getParent());
      container.getBlobClient(key).downloadToFile(target.toString(), true);
    });
  }

  @Override
  public long list(String prefix) {
    long n = 0;
    for (BlobItem b : container.listBlobs(new ListBlobsOptions().setPrefix(prefix + "/"), null)) {
      if (b.getName() != null) {
        n++;
      }
    }
    return n;
  }

  @FunctionalInterface
  private interface Task {
    void run(int index) throws Exception;
  }

  private void parallel(int count, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        futures.add(pool.submit(() -> {
          for (int i = first; i < count; i += threads) {
            task.run(i);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

package org.storagekit.cli;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Not a command: {@code mvn package} runs it once in the JVM that writes the application
 * class-data archive ({@code storage-cli/pom.xml}), so that the archive holds what short commands
 * load on each backend, not only on the local disk. It lists a local folder, then an S3 bucket and
 * an Azure container at an address that refuses connections, with one attempt each: opening a
 * cloud client (SDK, HTTP client, signer, error path) is most of the start time of a remote
 * {@code storage ls} (1.7 of 2.1 s measured on S3), and the archive saves most of it.
 */
public final class ClassDataTraining {
  private static final String REFUSED = "http://127.0.0.1:1";

  private ClassDataTraining() {}

  /** @param args the local folder to list */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
    List<List<String>> commands = List.of(
        List.of("ls", "--long", args[0]),
        List.of("-D", "s3.endpoint=" + REFUSED, "-D", "s3.region=us-east-1", "-D", "s3.path-style=true",
            "-D", "s3.access-key=training", "-D", "s3.secret-key=training", "-D", "retry.max-attempts=1",
            "ls", "--long", "s3://training/folder/"),
        List.of("-D", "azure.connection-string=DefaultEndpointsProtocol=http;AccountName=training;"
            + "AccountKey=dHJhaW5pbmc=;BlobEndpoint=" + REFUSED + "/training", "-D", "retry.max-attempts=1",
            "ls", "--long", "az://training/folder/"));
    PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
    for (List<String> command : commands) {
      // failures are expected (nothing listens); only the classes they load matter
      StorageCli.execute(command.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), sink, sink, Map.of());
    }
  }
}

package org.storagekit.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.storagekit.WriteOptions;
import picocli.CommandLine.Option;

/** The write options of {@code put} and {@code cp}: content type, metadata and create-only. */
final class WriteFlags {
  @Option(names = "--content-type", paramLabel = "TYPE",
      description = "The media type to store, such as text/html (default: guessed from the extension).")
  private String contentType;

  @Option(names = "--metadata", paramLabel = "NAME=VALUE",
      description = "A user metadata entry, such as --metadata owner=ann (repeatable; names a-z, 0-9, _).")
  private Map<String, String> metadata = new LinkedHashMap<>();

  @Option(names = "--if-not-exists",
      description = "Only create: fail with exit code 10, writing nothing, if the target exists.")
  private boolean ifNotExists;

  /**
   * The options these flags set.
   *
   * @throws IllegalArgumentException naming a bad content type or metadata entry
   */
  WriteOptions options() {
    WriteOptions.Builder b = WriteOptions.builder().contentType(contentType)
        .metadata(metadata.isEmpty() ? null : metadata);
    return (ifNotExists ? b.ifNotExists() : b).build();
  }
}

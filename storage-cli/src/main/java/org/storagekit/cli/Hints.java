package org.storagekit.cli;

import java.util.stream.Stream;
import org.storagekit.NotFoundException;
import org.storagekit.Storage;
import org.storagekit.StorageFile;

/** Helpers the file commands share. */
final class Hints {
  private Hints() {}

  /**
   * The failure for a missing file: says so, and when the name is a folder, says to add a
   * trailing {@code /}.
   */
  static CliException notFound(Storage storage, Target target, NotFoundException e) {
    boolean folder;
    try (Stream<StorageFile> below = storage.list(target.name() + "/")) {
      folder = below.findAny().isPresent();
    } catch (RuntimeException ignored) {
      folder = false;
    }
    String hint = folder
        ? "it is a folder: add a trailing '/' (" + target.text() + "/)"
        : "check the name with 'storage ls " + storage.uri() + "'";
    return new CliException(ExitCodes.NOT_FOUND, target.text() + ": no such file; " + hint, e);
  }
}

package org.storagekit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The peer of the local backend: coreutils {@code cp} into a plain folder. */
final class CpTool implements Tool {
  private final Path store;
  private final Map<String, String> env;
  private final Path log;

  CpTool(Path store, Map<String, String> env, Path log) {
    this.store = store;
    this.env = env;
    this.log = log;
  }

  @Override
  public String name() {
    return "cp";
  }

  @Override
  public void upload(Path file, String key) throws IOException {
    Path target = store.resolve(key);
    Files.createDirectories(target.getParent());
    Processes.run(List.of("cp", file.toString(), target.toString()), env, log);
  }

  @Override
  public void download(String key, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Processes.run(List.of("cp", store.resolve(key).toString(), file.toString()), env, log);
  }

  @Override
  public void uploadDir(Path dir, String prefix) throws IOException {
    Path target = store.resolve(prefix);
    Files.createDirectories(target.getParent());
    Processes.run(List.of("cp", "-r", dir.toString(), target.toString()), env, log);
  }

  @Override
  public void downloadDir(String prefix, Path dir) throws IOException {
    Files.createDirectories(dir.toAbsolutePath().getParent());
    Processes.run(List.of("cp", "-r", store.resolve(prefix).toString(), dir.toString()), env, log);
  }

  @Override
  public long list(String prefix) {
    throw new UnsupportedOperationException("cp does not list");
  }
}

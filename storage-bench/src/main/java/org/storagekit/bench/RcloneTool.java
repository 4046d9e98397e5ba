package org.storagekit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The rclone peer, with its default settings (4 transfers, 4 upload streams, 5 MiB chunks). */
final class RcloneTool implements Tool {
  private final Path rclone;
  private final String remote;
  private final Map<String, String> env;
  private final Path log;
  private final Path scratch;
  private final List<String> extra;

  /**
   * @param remote {@code name:bucket} as configured in the rclone config that {@code env} names
   * @param extra extra flags, such as {@code --transfers 16}
   */
  RcloneTool(Path rclone, String remote, Map<String, String> env, Path log, Path scratch, List<String> extra) {
    this.rclone = rclone;
    this.remote = remote;
    this.env = env;
    this.log = log;
    this.scratch = scratch;
    this.extra = extra;
  }

  @Override
  public String name() {
    return extra.isEmpty() ? "rclone" : "rclone " + String.join(" ", extra);
  }

  private void rclone(String... args) throws IOException {
    Processes.run(command(args), env, log);
  }

  private List<String> command(String... args) {
    List<String> c = new ArrayList<>();
    c.add(rclone.toString());
    c.addAll(List.of(args));
    c.addAll(extra);
    return c;
  }

  @Override
  public void upload(Path file, String key) throws IOException {
    rclone("copyto", file.toString(), remote + "/" + key);
  }

  @Override
  public void download(String key, Path file) throws IOException {
    rclone("copyto", remote + "/" + key, file.toString());
  }

  @Override
  public void uploadDir(Path dir, String prefix) throws IOException {
    rclone("copy", dir.toString(), remote + "/" + prefix);
  }

  @Override
  public void downloadDir(String prefix, Path dir) throws IOException {
    rclone("copy", remote + "/" + prefix, dir.toString());
  }

  @Override
  public long list(String prefix) throws IOException {
    Path out = scratch.resolve("rclone-lsf.out");
    Processes.run(command("lsf", "-R", "--files-only", remote + "/" + prefix), env, log, out);
    try (Stream<String> lines = Files.lines(out)) {
      return lines.count();
    } finally {
      Files.deleteIfExists(out);
    }
  }
}

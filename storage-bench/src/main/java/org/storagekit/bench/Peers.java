package org.storagekit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The peers' side of a run: their environment and config files (inside the bench's folder, nothing
 * outside it touched), the S3 credentials every tool shares, and the machine and versions the report
 * names.
 */
final class Peers {
  static final String ACCESS_KEY = "bench-access";
  static final String SECRET_KEY = "bench-secret-not-a-secret";

  private final Path work;
  private final Path log;
  private final Map<String, String> env;

  Peers(Path work) throws IOException {
    this.work = work;
    Files.createDirectories(work.resolve("peers/home"));
    this.log = work.resolve("peers/peers.log");
    this.env = environment();
  }

  /** The peers' environment. */
  Map<String, String> env() {
    return env;
  }

  /** Where the peers' output goes. */
  Path log() {
    return log;
  }

  static Map<String, String> s3Properties(String endpoint) {
    Map<String, String> p = new HashMap<>();
    p.put("s3.endpoint", endpoint);
    p.put("s3.region", "us-east-1");
    p.put("s3.path-style", "true");
    p.put("s3.access-key", ACCESS_KEY);
    p.put("s3.secret-key", SECRET_KEY);
    return p;
  }

  void writeRcloneConfig(String fsEndpoint, String memEndpoint) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String[] remote : new String[][] {{"fs", fsEndpoint}, {"mem", memEndpoint}}) {
      b.append('[').append(remote[0]).append("]\n")
          .append("type = s3\nprovider = Other\nforce_path_style = true\nregion = us-east-1\n")
          .append("access_key_id = ").append(ACCESS_KEY).append('\n')
          .append("secret_access_key = ").append(SECRET_KEY).append('\n')
          .append("endpoint = ").append(remote[1]).append("\n\n");
    }
    Files.writeString(work.resolve("peers/rclone.conf"), b.toString(), StandardCharsets.UTF_8);
  }

  void writeAwsConfig() throws IOException {
    Files.writeString(work.resolve("peers/aws-config"), "[default]\nregion = us-east-1\n", StandardCharsets.UTF_8);
    Files.writeString(work.resolve("peers/aws-credentials"), "[default]\naws_access_key_id = " + ACCESS_KEY
        + "\naws_secret_access_key = " + SECRET_KEY + "\n", StandardCharsets.UTF_8);
  }

  /**
   * The peers' environment: this process's, without {@code AWS_*} and {@code RCLONE_*} variables
   * (this machine's {@code AWS_CA_BUNDLE} breaks rclone), with HOME and every config file inside the
   * bench's folder.
   */
  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    System.getenv().forEach((k, v) -> {
      if (!k.startsWith("AWS_") && !k.startsWith("RCLONE_")) {
        env.put(k, v);
      }
    });
    Path peers = work.resolve("peers");
    env.put("HOME", peers.resolve("home").toString());
    env.put("XDG_CACHE_HOME", peers.resolve("home/.cache").toString());
    env.put("XDG_CONFIG_HOME", peers.resolve("home/.config").toString());
    env.put("RCLONE_CONFIG", peers.resolve("rclone.conf").toString());
    env.put("AWS_CONFIG_FILE", peers.resolve("aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", peers.resolve("aws-credentials").toString());
    env.put("AWS_PAGER", "");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    return env;
  }

  static String machine() {
    StringBuilder b = new StringBuilder();
    b.append(Runtime.getRuntime().availableProcessors()).append(" cores");
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          b.append(" (").append(line.substring(line.indexOf(':') + 1).trim()).append(')');
          break;
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          b.append(String.format(Locale.ROOT, ", %.0f GiB RAM", kib / 1024.0 / 1024.0));
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort
    }
    b.append(", Java ").append(System.getProperty("java.version"));
    b.append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"));
    return b.toString();
  }

  String versions() {
    List<String> v = new ArrayList<>();
    v.add(version(List.of("cp", "--version")));
    Path rclone = Processes.find("/usr/bin/rclone", "rclone");
    if (rclone != null) {
      v.add(version(List.of(rclone.toString(), "version")));
    }
    Path aws = Processes.find("/usr/bin/aws", "aws");
    if (aws != null) {
      v.add(version(List.of(aws.toString(), "--version")));
    }
    return String.join("; ", v);
  }

  private String version(List<String> command) {
    try {
      Path out = work.resolve("peers/version.out");
      Processes.run(command, env, log, out);
      List<String> lines = Files.readAllLines(out);
      Files.deleteIfExists(out);
      return lines.isEmpty() ? command.get(0) : lines.get(0).trim();
    } catch (IOException e) {
      return command.get(0) + " (version unknown)";
    }
  }
}

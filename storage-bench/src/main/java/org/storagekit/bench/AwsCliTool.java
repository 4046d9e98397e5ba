package org.storagekit.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The AWS CLI peer ({@code aws s3 cp}), with its default settings (10 concurrent requests, 8 MiB parts). */
final class AwsCliTool implements Tool {
  private final Path aws;
  private final String endpoint;
  private final String bucket;
  private final Map<String, String> env;
  private final Path log;

  AwsCliTool(Path aws, String endpoint, String bucket, Map<String, String> env, Path log) {
    this.aws = aws;
    this.endpoint = endpoint;
    this.bucket = bucket;
    this.env = env;
    this.log = log;
  }

  @Override
  public String name() {
    return "aws s3 cp";
  }

  private void s3(String... args) throws IOException {
    List<String> c = new ArrayList<>(List.of(aws.toString(), "--endpoint-url", endpoint, "s3"));
    c.addAll(List.of(args));
    c.add("--only-show-errors");
    Processes.run(c, env, log);
  }

  @Override
  public void upload(Path file, String key) throws IOException {
    s3("cp", file.toString(), "s3://" + bucket + "/" + key);
  }

  @Override
  public void download(String key, Path file) throws IOException {
    s3("cp", "s3://" + bucket + "/" + key, file.toString());
  }

  @Override
  public void uploadDir(Path dir, String prefix) throws IOException {
    s3("cp", "--recursive", dir.toString(), "s3://" + bucket + "/" + prefix + "/");
  }

  @Override
  public void downloadDir(String prefix, Path dir) throws IOException {
    // S3Proxy's filesystem store lists each folder as a "name/" key too; those are not files
    s3("cp", "--recursive", "--exclude", "*/", "s3://" + bucket + "/" + prefix + "/", dir.toString());
  }

  @Override
  public long list(String prefix) {
    throw new UnsupportedOperationException("the AWS CLI listing is not measured");
  }
}

package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * storage-gcs wiring in the CLI. The GCS module's own tests run its in-process fake; here the
 * CLI's part is the mapping of a GCS failure to an exit code and a message naming the URI.
 */
class GcsCommandsTest {
  private final Cli cli = new Cli();

  @Test
  void ls_unreachableEndpoint_exitsTransient() {
    Cli.Result r = cli.run("-D", "gcs.credentials=none", "-D", "gcs.host=http://127.0.0.1:1", "-D",
        "retry.max-attempts=1", "ls", "gs://some-bucket/");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.TRANSIENT);
    assertThat(r.err()).contains("gs://some-bucket/", "retry later");
  }

  @Test
  void providers_listGs() {
    assertThat(cli.run("providers").out()).containsPattern("(?m)^gs +\\S*SERVER_SIDE_COPY");
  }
}

package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * storage-azure wiring in the CLI. The Azure module's own tests cover the backend against Azurite;
 * here the CLI's part is the mapping of an Azure failure to an exit code and a message.
 */
class AzureCommandsTest {
  private final Cli cli = new Cli();

  @Test
  void ls_unreachableEndpoint_exitsTransient() {
    Cli.Result r = cli.run("-D", "azure.account=devstoreaccount1", "-D", "azure.endpoint=http://localhost:1/devstoreaccount1",
        "-D", "azure.sas=sv=2020-08-04&ss=b&srt=sco&sp=rl&se=2099-01-01T00:00:00Z&sig=AAAA", "-D", "retry.max-attempts=1",
        "ls", "az://container/");
    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.TRANSIENT);
    assertThat(r.err()).contains("az://container/", "retry later").doesNotContain("sig=AAAA");
  }

  @Test
  void providers_listAz() {
    assertThat(cli.run("providers").out()).containsPattern("(?m)^az +\\S*SERVER_SIDE_COPY");
  }
}

package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Only the subcommand a command line names is built at start; help and typos still see them all. */
class StartupTest {
  private static CommandLine registered(String... args) {
    CommandLine cmd = new CommandLine(new StorageCli(System.in, System.out, System.err, java.util.Map.of()));
    StorageCli.register(cmd, args);
    return cmd;
  }

  @Test
  void aNamedCommand_isTheOnlyOneBuilt_afterGlobalOptionsWithValues() {
    assertThat(registered("ls", "/tmp").getSubcommands()).containsOnlyKeys("ls");
    assertThat(registered("-D", "s3.region=x", "--config", "f", "--parallel", "3", "--debug", "sync", "a", "b")
        .getSubcommands()).containsOnlyKeys("sync");
  }

  @Test
  void noCommand_help_orATypo_buildEveryCommand() {
    int all = StorageCli.COMMANDS.size();
    assertThat(registered().getSubcommands()).hasSize(all);
    assertThat(registered("--help").getSubcommands()).hasSize(all);
    assertThat(registered("help", "ls").getSubcommands()).hasSize(all);
    assertThat(registered("lss").getSubcommands()).hasSize(all);
    assertThat(registered("-D", "ls").getSubcommands()).hasSize(all); // "ls" is the value of -D here
  }
}

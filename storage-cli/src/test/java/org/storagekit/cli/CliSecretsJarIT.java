package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.storagekit.testing.SecretScan;

/**
 * Issue 16 §6 through the shaded jar, where {@code main} sets the log levels: {@code --debug} logs
 * the SDKs' debug detail to stderr, yet no secret of the {@code -D} values (secret key, session
 * token) appears in it, for a command that succeeds and one refused with a wrong secret.
 */
class CliSecretsJarIT {
  private static final String SESSION_TOKEN = "jar-session-token-8c1f4e7a2d";
  private static final String WRONG_SECRET = "jar-wrong-secret-5a9e2c7b1f";

  @TempDir
  Path tmp;

  @Test
  void debug_throughTheJar_printsNoSecret() throws Exception {
    S3ProxyFixture s3 = S3ProxyFixture.get();
    String bucket = s3.newBucket("jar-secrets");
    StorageJarIT jar = new StorageJarIT();
    jar.tmp = tmp;
    SecretScan scan = new SecretScan(S3ProxyFixture.SECRET_KEY, WRONG_SECRET, SESSION_TOKEN);

    StorageJarIT.Run ok = jar.storage(args(s3.options(), "ls", "s3://" + bucket + "/"));
    assertThat(ok.code()).as(ok.toString()).isZero();
    assertThat(ok.err()).as("--debug logged the SDK's requests").contains("software.amazon.awssdk");
    scan.text("ls stdout", ok.out()).text("ls stderr", ok.err());

    List<String> session = new ArrayList<>(s3.options(WRONG_SECRET));
    session.addAll(List.of("-D", "s3.session-token=" + SESSION_TOKEN));
    StorageJarIT.Run denied = jar.storage(args(session, "ls", "s3://" + bucket + "/"));
    assertThat(denied.code()).as(denied.toString()).isEqualTo(ExitCodes.ACCESS_DENIED);
    assertThat(denied.err()).as("--debug prints the stack trace").contains("\tat ");
    scan.text("denied stdout", denied.out()).text("denied stderr", denied.err());

    scan.assertNoSecrets();
  }

  private static String[] args(List<String> options, String... command) {
    List<String> all = new ArrayList<>(List.of("--debug"));
    all.addAll(options);
    all.addAll(List.of(command));
    return all.toArray(String[]::new);
  }
}

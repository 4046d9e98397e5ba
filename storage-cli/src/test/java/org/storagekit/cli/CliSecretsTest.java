package org.storagekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.storagekit.testing.SecretScan;

/**
 * Issue 16 §6: {@code storage --debug} with secrets given as {@code -D} values prints none of them (not
 * in the one-line message, the hint, the stack trace or anything else on stdout or stderr, the JVM's
 * own stderr included) on failing commands: a wrong secret key, a wrong key with a session token, a
 * missing object, a malformed property and a misspelt property, against S3Proxy on loopback.
 */
class CliSecretsTest {
  private static final String WRONG_SECRET = "cli-wrong-secret-3e8a1f5c9d";
  private static final String SESSION_TOKEN = "cli-session-token-6b2d9e4a7f";

  @Test
  void debugRuns_ofFailingCommands_printNoSecret() {
    S3ProxyFixture s3 = S3ProxyFixture.get();
    String bucket = s3.newBucket("cli-secrets");
    SecretScan scan = new SecretScan(S3ProxyFixture.SECRET_KEY, WRONG_SECRET, SESSION_TOKEN);

    run(scan, "wrong secret", ExitCodes.ACCESS_DENIED, s3.options(WRONG_SECRET), "ls", "s3://" + bucket + "/");
    List<String> session = new ArrayList<>(s3.options(WRONG_SECRET));
    session.addAll(List.of("-D", "s3.session-token=" + SESSION_TOKEN));
    run(scan, "session token", ExitCodes.ACCESS_DENIED, session, "cat", "s3://" + bucket + "/a.txt");
    run(scan, "missing object", ExitCodes.NOT_FOUND, s3.options(), "cat", "s3://" + bucket + "/no-such-key");
    List<String> malformed = new ArrayList<>(s3.options());
    malformed.addAll(List.of("-D", "s3.session-token=" + SESSION_TOKEN, "-D", "s3.part-size=big"));
    run(scan, "malformed property", ExitCodes.USAGE, malformed, "ls", "s3://" + bucket + "/");
    List<String> misspelt = new ArrayList<>(s3.options());
    misspelt.addAll(List.of("-D", "s3.secret-kye=" + WRONG_SECRET));
    run(scan, "misspelt property", ExitCodes.USAGE, misspelt, "ls", "s3://" + bucket + "/");

    assertThat(scan.scannedChars()).isGreaterThan(1000);
    scan.assertNoSecrets();
  }

  @Test
  void maskedSecrets_masksSecretPropertiesOnly() {
    String[] args = {"-D", "s3.secret-key=" + WRONG_SECRET, "-Ds3.session-token=" + SESSION_TOKEN,
        "-D", "retry.max-attempts=1", "-D", "s3.region=us-east-1"};
    assertThat(StorageCli.maskedSecrets("k " + WRONG_SECRET + " t " + SESSION_TOKEN + " at 127.0.0.1 us-east-1", args))
        .isEqualTo("k **** t **** at 127.0.0.1 us-east-1");
  }

  private static void run(SecretScan scan, String name, int expectedCode, List<String> options, String... command) {
    List<String> args = new ArrayList<>(List.of("--debug"));
    args.addAll(options);
    args.addAll(List.of(command));
    PrintStream jvmErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Cli.Result result;
    try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(err);
      result = new Cli().run(args.toArray(String[]::new));
    } finally {
      System.setErr(jvmErr);
    }
    assertThat(result.code()).as(name + ": " + result).isEqualTo(expectedCode);
    assertThat(result.err()).as(name + ": --debug prints the stack trace").contains("\tat ");
    scan.text(name + " stdout", result.out());
    scan.text(name + " stderr", result.err());
    scan.text(name + " JVM stderr", captured.toString(StandardCharsets.UTF_8));
  }
}

package org.storagekit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child-process machinery under every out-of-process server. */
class ServerProcessTest {
  @TempDir
  Path dir;

  @Test
  void start_serverExitsBeforeListening_failsWithItsExitCodeAndOutput() {
    int port = ServerProcess.freePort();

    assertThatThrownBy(() -> ServerProcess.start("broken", List.of("sh", "-c", "echo cannot bind; exit 3"), port,
        dir.resolve("broken.log"), Duration.ofSeconds(30)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("broken exited with code 3")
        .hasMessageContaining("cannot bind");
  }

  @Test
  void start_programMissing_throwsIOException() {
    assertThatThrownBy(() -> ServerProcess.start("missing", List.of("storagekit-no-such-program"),
        ServerProcess.freePort(), dir.resolve("missing.log"), Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void start_serverNeverListens_failsAfterTheTimeoutAndStopsIt() {
    assertThatThrownBy(() -> ServerProcess.start("silent", List.of("sleep", "60"), ServerProcess.freePort(),
        dir.resolve("silent.log"), Duration.ofMillis(500)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("still not listening on port");
    assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("sleep"))
        .filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void freePort_isBindable() throws IOException {
    try (ServerSocket socket = new ServerSocket(ServerProcess.freePort(), 1, InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isPositive();
    }
  }
}

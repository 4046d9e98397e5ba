package org.storagekit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The embedded S3Proxy's own lifecycle; storage-s3, storage-jclouds and storage-cli test it in use. */
class S3ProxyServerTest {
  @Test
  void start_listensOnLoopbackWithTheBucket_closeStopsIt() throws Exception {
    int port;
    try (S3ProxyServer server = S3ProxyServer.start()) {
      port = server.endpoint().getPort();
      assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(server.blobStore().containerExists(S3ProxyServer.BUCKET)).isTrue();
      server.writeDirect(server.createBucket("second"), "a//b", new byte[] {1});
      assertThat(server.blobStore().blobExists("second", "a//b")).isTrue();
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        assertThat(socket.isConnected()).isTrue();
      }
    }
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).isInstanceOf(IOException.class);
  }

  @Test
  void shared_isOneServer() {
    assertThat(S3ProxyServer.shared()).isSameAs(S3ProxyServer.shared());
  }
}

package org.storagekit.tck.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.storagekit.tck.faults.Fault.Kind;

/** The fault proxy against tiny loopback servers: every fault counted in bytes and connections. */
class FaultProxyTest {
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  /** A server that, per connection, first sends {@code greeting} bytes, then echoes what it reads. */
  private final class Upstream implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicLong received = new AtomicLong();
    final CountDownLatch ended = new CountDownLatch(1);
    final int greeting;

    Upstream(int greeting) throws IOException {
      this.greeting = greeting;
      Thread t = new Thread(this::serve, "upstream");
      t.setDaemon(true);
      t.start();
      closing.add(this);
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          accepted.incrementAndGet();
          OutputStream out = s.getOutputStream();
          out.write(pattern(greeting));
          out.flush();
          InputStream in = s.getInputStream();
          byte[] b = new byte[4096];
          for (int n; (n = in.read(b)) >= 0; ) {
            received.addAndGet(n);
            out.write(b, 0, n);
          }
        } catch (IOException e) {
          // the proxy reset the connection, or the server closed
        } finally {
          ended.countDown();
        }
      }
    }

    FaultProxy proxy(Schedule schedule) {
      FaultProxy p = FaultProxy.start("127.0.0.1", server.getLocalPort(), schedule, 42);
      closing.add(0, p);
      return p;
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static Socket connect(FaultProxy proxy) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout(30_000); // a safety net only; no test waits for it
    return s;
  }

  /** Reads until end of stream or an error; the bytes read, and the error, if any. */
  private record Received(byte[] bytes, IOException error) {}

  private static Received readAll(InputStream in, int max) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] b = new byte[4096];
    try {
      for (int n; got.size() < max && (n = in.read(b, 0, Math.min(b.length, max - got.size()))) >= 0; ) {
        got.write(b, 0, n);
      }
      return new Received(got.toByteArray(), null);
    } catch (IOException e) {
      return new Received(got.toByteArray(), e);
    }
  }

  @Test
  void pass_forwardsEveryByteBothWays() throws Exception {
    Upstream up = new Upstream(10_000);
    FaultProxy proxy = up.proxy(Schedule.none());
    byte[] request = pattern(200_000);
    try (Socket s = connect(proxy)) {
      Thread writer = new Thread(() -> {
        try {
          s.getOutputStream().write(request);
          s.shutdownOutput();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      writer.start();
      Received r = readAll(s.getInputStream(), Integer.MAX_VALUE);
      writer.join();
      assertThat(r.error()).isNull();
      assertThat(r.bytes()).hasSize(210_000);
      assertThat(java.util.Arrays.copyOf(r.bytes(), 10_000)).isEqualTo(pattern(10_000));
      assertThat(java.util.Arrays.copyOfRange(r.bytes(), 10_000, 210_000)).isEqualTo(request);
    }
    assertThat(proxy.connections()).isEqualTo(1);
    assertThat(proxy.faults()).isZero();
    assertThat(proxy.bytesUp()).isEqualTo(200_000);
    assertThat(proxy.bytesDown()).isEqualTo(210_000);
  }

  @Test
  void resetRequest_forwardsExactlyNBytesThenResets() throws Exception {
    Upstream up = new Upstream(0);
    FaultProxy proxy = up.proxy(Schedule.on(Fault.resetRequestAfter(3_000), 1));
    try (Socket s = connect(proxy)) {
      OutputStream out = s.getOutputStream();
      out.write(pattern(3_000));
      out.flush();
      assertThat(up.ended.await(30, TimeUnit.SECONDS)).as("the target's connection ends").isTrue();
      Received r = readAll(s.getInputStream(), Integer.MAX_VALUE);
      assertThat(r.bytes().length).isLessThanOrEqualTo(3_000);
      assertThat(r.error()).as("the client sees the reset").isNotNull();
    }
    assertThat(up.received.get()).as("a reset may drop what the target had not read yet").isLessThanOrEqualTo(3_000);
    assertThat(proxy.bytesUp()).isEqualTo(3_000);
    assertThat(proxy.injected(Kind.RESET_REQUEST)).isEqualTo(1);
    assertThat(proxy.faults()).isEqualTo(1);
  }

  @Test
  void resetResponse_forwardsAtMostNBytesThenResets() throws Exception {
    Upstream up = new Upstream(100_000);
    FaultProxy proxy = up.proxy(Schedule.on(Fault.resetResponseAfter(20_000), 1));
    try (Socket s = connect(proxy)) {
      Received r = readAll(s.getInputStream(), Integer.MAX_VALUE);
      assertThat(r.error()).as("the client sees the reset, not a clean end").isNotNull();
      assertThat(r.bytes().length).isLessThanOrEqualTo(20_000);
    }
    assertThat(proxy.bytesDown()).isEqualTo(20_000);
    assertThat(proxy.injected()).containsOnlyKeys(Kind.RESET_RESPONSE).containsEntry(Kind.RESET_RESPONSE, 1);
  }

  @Test
  void truncate_endsTheResponseCleanlyAfterExactlyNBytes() throws Exception {
    Upstream up = new Upstream(100_000);
    FaultProxy proxy = up.proxy(Schedule.on(Fault.truncateResponseAfter(12_345), 1));
    try (Socket s = connect(proxy)) {
      Received r = readAll(s.getInputStream(), Integer.MAX_VALUE);
      assertThat(r.error()).as("a clean end of stream").isNull();
      assertThat(r.bytes()).isEqualTo(java.util.Arrays.copyOf(pattern(100_000), 12_345));
    }
    assertThat(proxy.injected(Kind.TRUNCATE_RESPONSE)).isEqualTo(1);
  }

  @Test
  void stall_sendsNothingMoreUntilTheClientsReadTimeout() throws Exception {
    Upstream up = new Upstream(50_000);
    FaultProxy proxy = up.proxy(Schedule.on(Fault.stallAfter(1_000, Duration.ofMinutes(5)), 1));
    try (Socket s = connect(proxy)) {
      InputStream in = s.getInputStream();
      byte[] first = in.readNBytes(1_000);
      assertThat(first).isEqualTo(java.util.Arrays.copyOf(pattern(50_000), 1_000));
      s.setSoTimeout(200); // the client's read timeout; the stall outlasts it
      assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
    }
    assertThat(proxy.bytesDown()).isEqualTo(1_000);
    assertThat(proxy.injected(Kind.STALL)).isEqualTo(1);
    proxy.close(); // ends the stall: close returns once every proxy thread stopped
  }

  @Test
  void slowDrip_deliversEveryByteInSmallChunks() throws Exception {
    Upstream up = new Upstream(3_000);
    FaultProxy proxy = up.proxy(Schedule.on(Fault.slowDrip(500, Duration.ofMillis(1)), 1));
    try (Socket s = connect(proxy)) {
      assertThat(s.getInputStream().readNBytes(3_000)).isEqualTo(pattern(3_000));
    }
    assertThat(proxy.injected(Kind.SLOW_DRIP)).isEqualTo(1);
    assertThat(proxy.bytesDown()).isEqualTo(3_000);
  }

  @Test
  void refuse_resetsBeforeAnyByteAndNeverReachesTheTarget() throws Exception {
    Upstream up = new Upstream(1_000);
    FaultProxy proxy = up.proxy(Schedule.on(Fault.refuse(), 1));
    try (Socket s = connect(proxy)) {
      Received r = readAll(s.getInputStream(), Integer.MAX_VALUE);
      assertThat(r.bytes()).isEmpty();
    }
    try (Socket s = connect(proxy)) { // the second connection is forwarded
      assertThat(s.getInputStream().readNBytes(1_000)).isEqualTo(pattern(1_000));
    }
    assertThat(up.accepted.get()).isEqualTo(1);
    assertThat(proxy.connections()).isEqualTo(2);
    assertThat(proxy.injected(Kind.REFUSE)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(value = Kind.class, names = {"HTTP_500", "HTTP_503", "S3_SLOW_DOWN", "AZURE_SERVER_BUSY",
      "GCS_TOO_MANY_REQUESTS"})
  void httpReplies_areAnsweredByTheProxyAfterReadingTheRequest(Kind kind) throws Exception {
    Upstream up = new Upstream(0);
    FaultProxy proxy = up.proxy(Schedule.on(Fault.reply(kind), 1));
    String response;
    try (Socket s = connect(proxy)) {
      OutputStream out = s.getOutputStream();
      out.write(("PUT /bucket/key HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
    String expected = switch (kind) {
      case HTTP_500 -> "HTTP/1.1 500 ";
      case GCS_TOO_MANY_REQUESTS -> "HTTP/1.1 429 ";
      default -> "HTTP/1.1 503 ";
    };
    assertThat(response).startsWith(expected).contains("Connection: close");
    switch (kind) {
      case S3_SLOW_DOWN -> assertThat(response).contains("<Code>SlowDown</Code>");
      case AZURE_SERVER_BUSY -> assertThat(response).contains("x-ms-error-code: ServerBusy", "<Code>ServerBusy</Code>");
      case GCS_TOO_MANY_REQUESTS -> assertThat(response).contains("\"reason\":\"rateLimitExceeded\"");
      case HTTP_500 -> assertThat(response).contains("<Code>InternalError</Code>");
      default -> assertThat(response).contains("<Code>ServiceUnavailable</Code>");
    }
    int length = Integer.parseInt(response.replaceAll("(?s).*Content-Length: (\\d+)\r\n.*", "$1"));
    assertThat(response.substring(response.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8)).hasSize(length);
    assertThat(up.accepted.get()).as("nothing reaches the target").isZero();
    assertThat(proxy.injected(kind)).isEqualTo(1);
  }

  @Test
  void randomSchedule_sameSeedSameFaults_andEveryChoiceDrawn() {
    List<Fault> choices = List.of(Fault.resetRequestAfter(10), Fault.reply(Kind.S3_SLOW_DOWN), Fault.refuse());
    Schedule schedule = Schedule.random(0.5, choices);
    List<Fault> first = draw(schedule, 7);
    assertThat(draw(schedule, 7)).isEqualTo(first);
    assertThat(draw(schedule, 8)).isNotEqualTo(first);
    assertThat(first).contains(Fault.pass()).containsAll(choices);
    long faulted = first.stream().filter(f -> f.kind() != Kind.PASS).count();
    assertThat(faulted).isBetween(60L, 140L); // 200 draws at 0.5, seed 7: a count, fixed by the seed
  }

  private static List<Fault> draw(Schedule schedule, long seed) {
    Random random = new Random(seed);
    List<Fault> faults = new ArrayList<>();
    for (int n = 1; n <= 200; n++) {
      faults.add(schedule.next(n, random));
    }
    return faults;
  }

  @Test
  void close_stopsListeningAndEndsOpenConnections() throws Exception {
    Upstream up = new Upstream(0);
    FaultProxy proxy = up.proxy(Schedule.none());
    int port = proxy.port();
    try (Socket s = connect(proxy)) {
      s.getOutputStream().write(1);
      assertThat(s.getInputStream().read()).isEqualTo(1); // echoed through the proxy
      proxy.close();
      assertThat(readAll(s.getInputStream(), Integer.MAX_VALUE).bytes()).isEmpty();
    }
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).isInstanceOf(IOException.class);
    assertThat(proxy.toString()).contains("127.0.0.1:" + port);
  }

  @Test
  void invalidFaults_areRefusedNamingThem() {
    assertThatThrownBy(() -> Fault.resetRequestAfter(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RESET_REQUEST");
    assertThatThrownBy(() -> Fault.reply(Kind.STALL)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("STALL");
  }
}

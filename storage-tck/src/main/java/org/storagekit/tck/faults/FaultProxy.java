package org.storagekit.tck.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.storagekit.tck.faults.Fault.Kind;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on loopback that forwards to one target and injects network faults by a schedule
 * and a seed: resets after N bytes of the request or of the response, stalls, responses cut short,
 * HTTP error and throttling replies answered by the proxy itself, slow drips and refused
 * connections. A fault applies to one connection, chosen when it is accepted; the same seed and the
 * same order of connections give the same faults.
 *
 * <p>It counts connections, faults injected (by kind) and bytes forwarded, so tests can report
 * figures. Plain sockets on a cached pool of daemon threads; {@link #close} stops everything,
 * including stalls in progress.
 */
public final class FaultProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
  private static final int BUFFER = 16 * 1024;
  private static final int MAX_HEAD = 64 * 1024;
  private static final long MAX_DRAIN = 64L * 1024 * 1024;


  private final InetSocketAddress target;
  private final Schedule schedule;
  private final Random random;
  private final ServerSocket server;
  private final ExecutorService pool;
  private final AtomicInteger connections = new AtomicInteger();
  private final Map<Kind, AtomicInteger> injected = new EnumMap<>(Kind.class);
  private final AtomicLong bytesUp = new AtomicLong();
  private final AtomicLong bytesDown = new AtomicLong();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closing = new CountDownLatch(1);

  private FaultProxy(InetSocketAddress target, Schedule schedule, long seed) throws IOException {
    this.target = target;
    this.schedule = schedule;
    this.random = new Random(seed);
    for (Kind k : Kind.values()) {
      injected.put(k, new AtomicInteger());
    }
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    AtomicInteger threads = new AtomicInteger();
    int port = server.getLocalPort();
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fault-proxy-" + port + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts a proxy on {@code 127.0.0.1:0} forwarding to {@code host:port}.
   *
   * @throws IllegalStateException if it cannot listen
   */
  public static FaultProxy start(String host, int port, Schedule schedule, long seed) {
    Objects.requireNonNull(schedule, "schedule");
    FaultProxy proxy;
    try {
      proxy = new FaultProxy(new InetSocketAddress(host, port), schedule, seed);
    } catch (IOException e) {
      throw new IllegalStateException("the fault proxy could not listen on loopback", e);
    }
    proxy.pool.execute(proxy::acceptLoop);
    LOG.debug("{} started (seed {})", proxy, seed);
    return proxy;
  }

  /** Starts a proxy forwarding to the host and port of {@code endpoint} (an http URI). */
  public static FaultProxy start(URI endpoint, Schedule schedule, long seed) {
    int port = endpoint.getPort() != -1 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
    return start(endpoint.getHost(), port, schedule, seed);
  }

  /** The port the proxy listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT}: the target's endpoint, through the proxy. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Faults injected so far, of {@code kind}. */
  public int injected(Kind kind) {
    return injected.get(kind).get();
  }

  /** Faults injected so far, by kind (kinds never injected omitted). */
  public Map<Kind, Integer> injected() {
    Map<Kind, Integer> m = new EnumMap<>(Kind.class);
    injected.forEach((k, v) -> {
      if (k != Kind.PASS && v.get() > 0) {
        m.put(k, v.get());
      }
    });
    return Collections.unmodifiableMap(m);
  }

  /** Faults injected so far, of every kind. */
  public int faults() {
    return injected().values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Request bytes forwarded to the target (counted as each write to it starts). */
  public long bytesUp() {
    return bytesUp.get();
  }

  /** Response bytes forwarded to clients (counted as each write to them starts). */
  public long bytesDown() {
    return bytesDown.get();
  }

  /** Stops listening, ends stalls and closes every connection. */
  @Override
  public void close() {
    closing.countDown();
    closeQuietly(server);
    for (Socket s : open) {
      closeQuietly(s);
    }
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("{}: threads still running after close", this);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.debug("{} closed: {} connection(s), faults {}", this, connections(), injected());
  }

  @Override
  public String toString() {
    return "FaultProxy[127.0.0.1:" + server.getLocalPort() + " -> " + target.getHostString() + ":"
        + target.getPort() + "]";
  }

  // ---------------------------------------------------------------- connections

  private void acceptLoop() {
    while (closing.getCount() > 0) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closing.getCount() > 0) {
          LOG.warn("{}: accept failed, stopping", this, e);
        }
        return;
      }
      int n = connections.incrementAndGet();
      Fault fault;
      try {
        fault = Objects.requireNonNull(schedule.next(n, random), "the schedule returned null");
      } catch (RuntimeException e) {
        LOG.warn("{}: the schedule failed for connection {}; forwarding it unchanged", this, n, e);
        fault = Fault.pass();
      }
      open.add(client);
      Fault chosen = fault;
      try {
        pool.execute(() -> handle(client, n, chosen));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        closeQuietly(client); // closing
        return;
      }
    }
  }

  private void handle(Socket client, int n, Fault fault) {
    if (fault.kind() != Kind.PASS) {
      LOG.debug("{}: connection {} gets {}", this, n, fault);
    }
    try {
      if (fault.kind() == Kind.REFUSE) {
        count(Kind.REFUSE);
        reset(client);
        open.remove(client);
        return;
      }
      Reply reply = Reply.of(fault.kind());
      if (reply != null) {
        count(fault.kind());
        answer(client, reply);
        return;
      }
      Socket upstream = new Socket();
      open.add(upstream);
      try {
        upstream.connect(target, 10_000);
      } catch (IOException e) {
        LOG.warn("{}: cannot reach the target for connection {}: {}", this, n, e.toString());
        reset(client);
        closeQuietly(upstream);
        open.remove(client);
        open.remove(upstream);
        return;
      }
      Link link = new Link(client, upstream);
      pool.execute(() -> pump(link, true, fault));
      pump(link, false, fault);
    } catch (RuntimeException e) {
      LOG.warn("{}: connection {} failed in the proxy", this, n, e);
      closeQuietly(client);
    }
  }

  /** The two sockets of a forwarded connection. */
  private final class Link {
    final Socket client;
    final Socket upstream;
    final AtomicBoolean fired = new AtomicBoolean();
    final AtomicInteger finished = new AtomicInteger();

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void closeBoth() {
      closeQuietly(client);
      closeQuietly(upstream);
      open.remove(client);
      open.remove(upstream);
    }

    void resetBoth() {
      reset(client);
      reset(upstream);
      open.remove(client);
      open.remove(upstream);
    }
  }

  /** Forwards one direction ({@code up}: client to target) until EOF, an error or the fault. */
  private void pump(Link link, boolean up, Fault fault) {
    Socket from = up ? link.client : link.upstream;
    Socket to = up ? link.upstream : link.client;
    AtomicLong total = up ? bytesUp : bytesDown;
    boolean limited = up ? fault.kind() == Kind.RESET_REQUEST
        : fault.kind() == Kind.RESET_RESPONSE || fault.kind() == Kind.STALL
            || fault.kind() == Kind.TRUNCATE_RESPONSE;
    boolean drip = !up && fault.kind() == Kind.SLOW_DRIP;
    long forwarded = 0;
    byte[] buffer = new byte[BUFFER];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      while (true) {
        int read = in.read(buffer);
        if (read < 0) {
          halfClose(link, to);
          return;
        }
        int allowed = read;
        if (limited) {
          allowed = (int) Math.min(read, fault.afterBytes() - forwarded);
        }
        if (drip && forwarded + read > fault.afterBytes()) {
          if (link.fired.compareAndSet(false, true)) {
            count(Kind.SLOW_DRIP);
          }
          for (int off = 0; off < read; off += fault.chunk()) {
            int len = Math.min(fault.chunk(), read - off);
            total.addAndGet(len); // before the write: a client that has read them sees them counted
            out.write(buffer, off, len);
            out.flush();
            forwarded += len;
            if (closing.await(fault.pause().toMillis(), TimeUnit.MILLISECONDS)) {
              link.closeBoth();
              return;
            }
          }
          continue;
        }
        if (allowed > 0) {
          total.addAndGet(allowed); // before the write: a client that has read them sees them counted
          out.write(buffer, 0, allowed);
          out.flush();
          forwarded += allowed;
        }
        if (limited && forwarded >= fault.afterBytes()) {
          fire(link, fault);
          return;
        }
      }
    } catch (IOException e) {
      link.closeBoth(); // a peer went away: end the other direction too
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      link.closeBoth();
    }
  }

  private void fire(Link link, Fault fault) throws InterruptedException {
    if (!link.fired.compareAndSet(false, true)) {
      return;
    }
    count(fault.kind());
    switch (fault.kind()) {
      case RESET_REQUEST, RESET_RESPONSE -> link.resetBoth();
      case TRUNCATE_RESPONSE -> {
        try {
          link.client.shutdownOutput(); // the client reads a clean end of stream
        } catch (IOException e) {
          // already gone
        }
        closeQuietly(link.upstream);
        open.remove(link.upstream);
      }
      case STALL -> {
        closing.await(fault.pause().toMillis(), TimeUnit.MILLISECONDS);
        link.resetBoth();
      }
      default -> throw new IllegalStateException("not a forwarding fault: " + fault);
    }
  }

  private void halfClose(Link link, Socket to) {
    try {
      to.shutdownOutput();
    } catch (IOException e) {
      // the peer is gone already
    }
    if (link.finished.incrementAndGet() == 2) {
      link.closeBoth();
    }
  }

  private void count(Kind kind) {
    injected.get(kind).incrementAndGet();
  }

  // ---------------------------------------------------------------- HTTP replies

  /** An HTTP reply the proxy answers by itself. */
  record Reply(int status, String phrase, String contentType, String extraHeaders, String body) {
    static Reply of(Kind kind) {
      return switch (kind) {
        case HTTP_500 -> new Reply(500, "Internal Server Error", "application/xml", "",
            xml("InternalError", "We encountered an internal error. Please try again."));
        case HTTP_503 -> new Reply(503, "Service Unavailable", "application/xml", "",
            xml("ServiceUnavailable", "Please reduce your request rate."));
        case S3_SLOW_DOWN -> new Reply(503, "Slow Down", "application/xml", "",
            xml("SlowDown", "Please reduce your request rate."));
        case AZURE_SERVER_BUSY -> new Reply(503, "The server is busy.", "application/xml",
            "x-ms-error-code: ServerBusy\r\n",
            xml("ServerBusy", "The server is currently unable to receive requests. Please retry your request."));
        case GCS_TOO_MANY_REQUESTS -> new Reply(429, "Too Many Requests", "application/json; charset=UTF-8", "",
            "{\"error\":{\"code\":429,\"message\":\"The rate of requests is too high. Please slow down.\","
                + "\"errors\":[{\"domain\":\"usageLimits\",\"reason\":\"rateLimitExceeded\","
                + "\"message\":\"The rate of requests is too high. Please slow down.\"}]}}");
        default -> null;
      };
    }

    private static String xml(String code, String message) {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
          + "</Message><RequestId>fault-proxy</RequestId></Error>";
    }
  }

  /** Reads the request head (and its body, unless the client awaits 100-continue), then answers. */
  private void answer(Socket client, Reply reply) {
    try {
      InputStream in = client.getInputStream();
      String head = readHead(in);
      long length = 0;
      boolean expectContinue = false;
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        if (name.equals("content-length")) {
          try {
            length = Long.parseLong(value);
          } catch (NumberFormatException e) {
            length = 0;
          }
        } else if (name.equals("expect") && value.equalsIgnoreCase("100-continue")) {
          expectContinue = true;
        }
      }
      if (!expectContinue && length > 0 && length <= MAX_DRAIN) {
        in.skipNBytes(length);
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      String response = "HTTP/1.1 " + reply.status() + " " + reply.phrase() + "\r\n"
          + "Content-Type: " + reply.contentType() + "\r\n"
          + "Content-Length: " + body.length + "\r\n"
          + reply.extraHeaders()
          + "Connection: close\r\n\r\n";
      OutputStream out = client.getOutputStream();
      out.write(response.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      client.shutdownOutput();
      client.setSoTimeout(5_000);
      while (in.read(new byte[BUFFER]) >= 0) {
        // let the client close first, so it reads the reply rather than a reset
      }
    } catch (IOException e) {
      LOG.debug("{}: the client went away during an injected reply: {}", this, e.toString());
    } finally {
      closeQuietly(client);
      open.remove(client);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
      if (head.size() > MAX_HEAD) {
        throw new IOException("request head longer than " + MAX_HEAD + " bytes");
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  // ---------------------------------------------------------------- sockets

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0); // close() then sends RST
    } catch (SocketException e) {
      // already closed
    }
    closeQuietly(s);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}

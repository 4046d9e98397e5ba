package org.storagekit.testing;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.DateTime;
import com.google.api.services.storage.model.Objects;
import com.google.api.services.storage.model.RewriteResponse;
import com.google.api.services.storage.model.StorageObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A minimal GCS JSON API on a free loopback port, written for StorageKit's tests: object metadata,
 * media download (with ranges), paged listing, resumable uploads, multi-call rewrites and delete,
 * with failure injection. Any bucket exists but {@link #MISSING_BUCKET}. It pins down a client's HTTP path (a configurable
 * host, the protocol as the client speaks it, retries); it is our reading of the API, not GCS, and
 * proves nothing about GCS's own behaviour.
 *
 * <p>It needs {@code com.google.cloud:google-cloud-storage} on the class path (for the JSON API's
 * model classes), which storage-testing declares optional: a module that uses this server has it.
 *
 * <pre>{@code
 * try (FakeGcsServer gcs = FakeGcsServer.start()) { config.host(gcs.endpoint()).noCredentials() ... }
 * }</pre>
 */
public final class FakeGcsServer implements AutoCloseable {
  /** The one bucket that does not exist: every request on it answers 404 as GCS does for a missing bucket. */
  public static final String MISSING_BUCKET = "no-such-bucket";
  private static final GsonFactory JSON = GsonFactory.getDefaultInstance();
  private static final Pattern OBJECT = Pattern.compile("(?:/download)?/storage/v1/b/([^/]+)/o/([^/]+)");
  private static final Pattern LIST = Pattern.compile("/storage/v1/b/([^/]+)/o");
  private static final Pattern REWRITE = Pattern.compile("/storage/v1/b/([^/]+)/o/([^/]+)/rewriteTo/b/([^/]+)/o/([^/]+)");
  private static final Pattern UPLOAD = Pattern.compile("/upload/storage/v1/b/([^/]+)/o");
  private static final Pattern SESSION = Pattern.compile("/upload/session/(\\d+)");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "json-api-stub");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Stored> objects = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong(1000);
  private final AtomicInteger sessionIds = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile int failureStatus;
  private volatile int rewriteCallsPerCopy = 1;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Long> chunkSizes = new CopyOnWriteArrayList<>();

  static {
    // Without TCP_NODELAY every small reply waits ~40 ms on Nagle and delayed ACKs. Read once, when
    // the JDK's server first starts in this JVM.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private FakeGcsServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Starts a new server; the caller closes it.
   *
   * @throws IOException if no loopback port can be bound
   */
  public static FakeGcsServer start() throws IOException {
    return new FakeGcsServer();
  }

  /** The endpoint, {@code http://127.0.0.1:PORT}, to configure as the client's host. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next {@code count} requests fail with {@code status}. */
  public void failNext(int count, int status) {
    failureStatus = status;
    failures.set(count);
  }

  /** Each copy takes {@code calls} rewrite calls, as large copies do on GCS. */
  public void rewriteCallsPerCopy(int calls) {
    rewriteCallsPerCopy = calls;
  }

  /** Stores an object directly, as if uploaded, with a new generation. */
  public void put(String bucket, String name, byte[] content) {
    objects.put(bucket + "/" + name, new Stored(bucket, name, content, generations.incrementAndGet()));
  }

  /** Removes an object directly. */
  public void remove(String bucket, String name) {
    objects.remove(bucket + "/" + name);
  }

  /** The stored bytes of an object, or null. */
  public byte[] content(String bucket, String name) {
    Stored s = objects.get(bucket + "/" + name);
    return s == null ? null : s.content;
  }

  /** Replaces the CRC32C the stub reports for an object, to simulate corruption in transit. */
  public void reportCrc32c(String bucket, String name, String crc32c) {
    objects.get(bucket + "/" + name).reportedCrc32c = crc32c;
  }

  /** Every request so far as "METHOD raw-path", in order (a live, read-only view). */
  public List<String> requests() {
    return Collections.unmodifiableList(requests);
  }

  /** The sizes of the PUT bodies of every upload session so far, in order (a live, read-only view). */
  public List<Long> chunkSizes() {
    return Collections.unmodifiableList(chunkSizes);
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getRawPath();
      String method = x.getRequestMethod();
      requests.add(method + " " + path);
      byte[] body = x.getRequestBody().readAllBytes(); // small test bodies and single chunks only
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(x, failureStatus, "injected failure");
        return;
      }
      if (path.contains("/b/" + MISSING_BUCKET + "/")) {
        error(x, 404, "The specified bucket does not exist.");
        return;
      }
      Map<String, String> query = query(x.getRequestURI().getRawQuery());
      Matcher m;
      if ((m = REWRITE.matcher(path)).matches() && method.equals("POST")) {
        rewrite(x, decode(m.group(1)), decode(m.group(2)), decode(m.group(3)), decode(m.group(4)), query);
      } else if ((m = OBJECT.matcher(path)).matches()) {
        object(x, method, decode(m.group(1)), decode(m.group(2)), query);
      } else if ((m = LIST.matcher(path)).matches() && method.equals("GET")) {
        list(x, decode(m.group(1)), query);
      } else if ((m = UPLOAD.matcher(path)).matches() && method.equals("POST")) {
        StorageObject meta = JSON.fromString(new String(body, StandardCharsets.UTF_8), StorageObject.class);
        int id = sessionIds.incrementAndGet();
        sessions.put(Integer.toString(id), new Session(decode(m.group(1)), meta.getName()));
        x.getResponseHeaders().add("Location", endpoint() + "/upload/session/" + id);
        x.sendResponseHeaders(200, -1);
      } else if ((m = SESSION.matcher(path)).matches() && method.equals("PUT")) {
        chunk(x, sessions.get(m.group(1)), body);
      } else {
        error(x, 400, "the stub does not know " + method + " " + path);
      }
    }
  }

  private void object(HttpExchange x, String method, String bucket, String name, Map<String, String> query)
      throws IOException {
    Stored s = objects.get(bucket + "/" + name);
    if (method.equals("DELETE")) {
      if (s == null) {
        error(x, 404, "No such object: " + bucket + "/" + name);
      } else {
        objects.remove(bucket + "/" + name);
        x.sendResponseHeaders(204, -1);
      }
      return;
    }
    if (s == null) {
      error(x, 404, "No such object: " + bucket + "/" + name);
      return;
    }
    String match = query.get("ifGenerationMatch");
    if (match != null && Long.parseLong(match) != s.generation) {
      error(x, 412, "Precondition Failed");
      return;
    }
    if (!"media".equals(query.get("alt"))) {
      json(x, 200, JSON.toString(s.metadata()));
      return;
    }
    int from = 0;
    int to = s.content.length - 1;
    String range = x.getRequestHeaders().getFirst("Range");
    int status = 200;
    if (range != null) {
      Matcher r = Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(range);
      if (!r.matches()) {
        error(x, 400, "bad range " + range);
        return;
      }
      from = Integer.parseInt(r.group(1));
      if (!r.group(2).isEmpty()) {
        to = Math.min(to, Integer.parseInt(r.group(2)));
      }
      if (from >= s.content.length && s.content.length > 0) {
        error(x, 416, "Requested range not satisfiable");
        return;
      }
      status = 206;
    }
    x.getResponseHeaders().add("x-goog-generation", Long.toString(s.generation));
    x.getResponseHeaders().add("x-goog-stored-content-length", Integer.toString(s.content.length));
    int length = Math.max(0, to - from + 1);
    x.sendResponseHeaders(status, length == 0 ? -1 : length);
    if (length > 0) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(s.content, from, length);
      }
    }
  }

  private void list(HttpExchange x, String bucket, Map<String, String> query) throws IOException {
    String prefix = query.getOrDefault("prefix", "");
    int max = Integer.parseInt(query.getOrDefault("maxResults", "1000"));
    String token = query.get("pageToken");
    List<Stored> all = new ArrayList<>();
    for (Stored s : objects.values()) {
      if (s.bucket.equals(bucket) && s.name.startsWith(prefix) && (token == null || s.name.compareTo(token) > 0)) {
        all.add(s);
      }
    }
    all.sort((a, b) -> a.name.compareTo(b.name));
    List<StorageObject> items = new ArrayList<>();
    for (Stored s : all.subList(0, Math.min(max, all.size()))) {
      items.add(s.metadata());
    }
    Objects page = new Objects().setKind("storage#objects").setItems(items);
    if (all.size() > max) {
      page.setNextPageToken(all.get(max - 1).name);
    }
    json(x, 200, JSON.toString(page));
  }

  private void chunk(HttpExchange x, Session session, byte[] body) throws IOException {
    if (session == null) {
      error(x, 404, "no such upload session");
      return;
    }
    chunkSizes.add((long) body.length);
    String range = x.getRequestHeaders().getFirst("Content-Range");
    Matcher r = range == null ? null : CONTENT_RANGE.matcher(range);
    if (r == null || !r.matches()) {
      error(x, 400, "bad Content-Range " + range);
      return;
    }
    if (r.group(1) != null) {
      long begin = Long.parseLong(r.group(1));
      if (begin != session.received.size()) {
        error(x, 400, "chunk at " + begin + " but " + session.received.size() + " bytes received");
        return;
      }
      session.received.write(body);
    }
    if (r.group(3).equals("*")) {
      x.getResponseHeaders().add("Range", "bytes=0-" + (session.received.size() - 1));
      x.sendResponseHeaders(308, -1);
      return;
    }
    byte[] content = session.received.toByteArray();
    String hash = x.getRequestHeaders().getFirst("x-goog-hash");
    if (hash != null && hash.startsWith("crc32c=") && !hash.substring(7).equals(crc32c(content))) {
      error(x, 400, "Provided CRC32C does not match the data");
      return;
    }
    put(session.bucket, session.name, content);
    json(x, 200, JSON.toString(objects.get(session.bucket + "/" + session.name).metadata()));
  }

  private void rewrite(HttpExchange x, String srcBucket, String src, String dstBucket, String dst,
      Map<String, String> query) throws IOException {
    Stored s = objects.get(srcBucket + "/" + src);
    if (s == null) {
      error(x, 404, "No such object: " + srcBucket + "/" + src);
      return;
    }
    int call = query.containsKey("rewriteToken") ? Integer.parseInt(query.get("rewriteToken")) + 1 : 1;
    RewriteResponse response = new RewriteResponse().setKind("storage#rewriteResponse")
        .setObjectSize((long) s.content.length);
    if (call < rewriteCallsPerCopy) {
      response.setDone(false).setRewriteToken(Integer.toString(call))
          .setTotalBytesRewritten((long) s.content.length * call / rewriteCallsPerCopy);
    } else {
      put(dstBucket, dst, s.content);
      response.setDone(true).setTotalBytesRewritten((long) s.content.length)
          .setResource(objects.get(dstBucket + "/" + dst).metadata());
    }
    json(x, 200, JSON.toString(response));
  }

  private static void json(HttpExchange x, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void error(HttpExchange x, int status, String message) throws IOException {
    json(x, status, "{\"error\":{\"code\":" + status + ",\"message\":\"" + message.replace("\"", "'")
        + "\",\"errors\":[{\"message\":\"" + message.replace("\"", "'") + "\",\"reason\":\"stub\"}]}}");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        q.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return q;
  }

  /** Percent-decoding only: a {@code +} in a URL path or in the client's query values is a plus. */
  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The CRC32C of {@code content} as GCS reports it: big-endian, Base64. */
  public static String crc32c(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    long v = crc.getValue();
    return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }

  private static final class Stored {
    final String bucket;
    final String name;
    final byte[] content;
    final long generation;
    final DateTime created = new DateTime(System.currentTimeMillis());
    volatile String reportedCrc32c;

    Stored(String bucket, String name, byte[] content, long generation) {
      this.bucket = bucket;
      this.name = name;
      this.content = content;
      this.generation = generation;
      this.reportedCrc32c = crc32c(content);
    }

    StorageObject metadata() {
      return new StorageObject().setKind("storage#object").setBucket(bucket).setName(name)
          .setSize(BigInteger.valueOf(content.length)).setGeneration(generation).setMetageneration(1L)
          .setUpdated(created).setTimeCreated(created).setCrc32c(reportedCrc32c)
          .setEtag("etag-" + generation).setId(bucket + "/" + name + "/" + generation);
    }
  }

  private static final class Session {
    final String bucket;
    final String name;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();

    Session(String bucket, String name) {
      this.bucket = bucket;
      this.name = name;
    }
  }
}

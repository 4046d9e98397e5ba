package org.storagekit.testing;

import com.google.api.client.json.GenericJson;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.DateTime;
import com.google.api.services.storage.model.Objects;
import com.google.api.services.storage.model.RewriteResponse;
import com.google.api.services.storage.model.StorageObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * A GCS JSON API on a free loopback port, written for StorageKit's tests, answering as GCS does
 * for what StorageKit uses: object resources with every field GCS returns (size, generation,
 * metageneration, GCS-style etag, CRC32C, MD5, content type and headers, user metadata, times);
 * media downloads with ranges and decompressive transcoding of {@code gzip} objects for clients
 * that do not accept gzip; paged listings with {@code prefix}, {@code delimiter} (each prefix once
 * across pages), {@code startOffset} and {@code endOffset}; single-request (multipart) and
 * resumable uploads; multi-call rewrites; deletes; the batch endpoint ({@code multipart/mixed});
 * preconditions ({@code ifGenerationMatch}, {@code ifGenerationNotMatch},
 * {@code ifMetagenerationMatch}, {@code ifSourceGenerationMatch}) on every call that takes them,
 * with 412 as GCS answers; V4 signed URLs on the XML-API path ({@code GET} and {@code PUT}
 * {@code /bucket/object}), their RSA-SHA256 signature checked with the public key of a
 * {@linkplain #trust trusted} service account and their expiry enforced, 403 otherwise; and an
 * OAuth token endpoint ({@code /token}) for service-account credentials whose JWT it verifies.
 * Any bucket exists but {@link #MISSING_BUCKET}. It is our reading of the API, not GCS.
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
  private static final Pattern REWRITE =
      Pattern.compile("/storage/v1/b/([^/]+)/o/([^/]+)/(?:rewriteTo|copyTo)/b/([^/]+)/o/([^/]+)");
  private static final Pattern UPLOAD = Pattern.compile("/upload/storage/v1/b/([^/]+)/o");
  private static final Pattern SESSION = Pattern.compile("/upload/session/(\\d+)");
  private static final Pattern XML_OBJECT = Pattern.compile("/([^/]+)/(.+)");
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
  private static final DateTimeFormatter GOOG_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  /** GCS's batch limit: 100 calls a request. */
  private static final int MAX_BATCH = 100;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "fake-gcs");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Stored> objects = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, PublicKey> signers = new ConcurrentHashMap<>();
  private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
  private final AtomicInteger sessionIds = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile int failureStatus;
  private volatile int rewriteCallsPerCopy = 1;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();
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

  /** The OAuth token endpoint, for a service-account key's {@code token_uri}. */
  public String tokenUri() {
    return endpoint() + "/token";
  }

  /**
   * Trusts the service account {@code clientEmail}: signed URLs and token requests it signed with
   * the private key of {@code publicKey} are accepted.
   */
  public void trust(String clientEmail, PublicKey publicKey) {
    signers.put(clientEmail, publicKey);
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

  /** Stores an object directly, as if uploaded, with a new generation and no metadata. */
  public void put(String bucket, String name, byte[] content) {
    store(bucket, name, content, new StorageObject());
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

  /** The object resource GCS would return for an object, or null. */
  public StorageObject resource(String bucket, String name) {
    Stored s = objects.get(bucket + "/" + name);
    return s == null ? null : s.resource();
  }

  /** Replaces the CRC32C the server reports for an object, to simulate corruption in transit. */
  public void reportCrc32c(String bucket, String name, String crc32c) {
    objects.get(bucket + "/" + name).reportedCrc32c = crc32c;
  }

  /** Every request so far as "METHOD raw-path", in order, batched calls included (a live, read-only view). */
  public List<String> requests() {
    return Collections.unmodifiableList(requests);
  }

  /** Every request so far as "METHOD raw-path?decoded-query", in order, batched calls included (a live view). */
  public List<String> requestsWithQueries() {
    return Collections.unmodifiableList(queries);
  }

  /**
   * The resumable upload sessions opened and neither finalized nor refused for good, on {@code bucket}
   * for objects whose names start with {@code prefix}: one entry a session, {@code name (session ID, N
   * bytes received)}.
   */
  public List<String> openSessions(String bucket, String prefix) {
    List<String> open = new java.util.ArrayList<>();
    sessions.forEach((id, s) -> {
      if (s.bucket.equals(bucket) && s.name.startsWith(prefix)) {
        synchronized (s) {
          open.add(s.name + " (session " + id + ", " + s.received.size() + " bytes received)");
        }
      }
    });
    return open;
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

  // ---------------------------------------------------------------- dispatch

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      Map<String, String> headers = new HashMap<>();
      x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      byte[] body = x.getRequestBody().readAllBytes(); // small test bodies and single chunks only
      if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes(); // the client gzips request bodies, which GCS accepts
        }
      }
      Request request = new Request(x.getRequestMethod(), x.getRequestURI().getRawPath(),
          x.getRequestURI().getRawQuery(), headers, body);
      Response response = failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0
          ? record(request, error(failureStatus, "injected failure"))
          : request.path.equals("/batch/storage/v1") ? batch(request) : record(request, dispatch(request));
      response.headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
      boolean empty = response.body.length == 0 || request.method.equals("HEAD");
      x.sendResponseHeaders(response.status, empty ? -1 : response.body.length);
      if (!empty) {
        try (OutputStream out = x.getResponseBody()) {
          out.write(response.body);
        }
      }
    }
  }

  private Response record(Request request, Response response) {
    requests.add(request.method + " " + request.path);
    queries.add(request.method + " " + request.path + "?" + request.query);
    return response;
  }

  private Response dispatch(Request r) throws IOException {
    if (r.path.equals("/token") && r.method.equals("POST")) {
      return token(r);
    }
    if (r.path.contains("/b/" + MISSING_BUCKET + "/") || r.path.startsWith("/" + MISSING_BUCKET + "/")) {
      return error(404, "The specified bucket does not exist.");
    }
    Matcher m;
    if ((m = REWRITE.matcher(r.path)).matches() && r.method.equals("POST")) {
      return rewrite(r, GcsWire.decode(m.group(1)), GcsWire.decode(m.group(2)), GcsWire.decode(m.group(3)), GcsWire.decode(m.group(4)));
    } else if ((m = OBJECT.matcher(r.path)).matches()) {
      return object(r, GcsWire.decode(m.group(1)), GcsWire.decode(m.group(2)));
    } else if ((m = LIST.matcher(r.path)).matches() && r.method.equals("GET")) {
      return list(r, GcsWire.decode(m.group(1)));
    } else if ((m = UPLOAD.matcher(r.path)).matches() && r.method.equals("POST")) {
      return upload(r, GcsWire.decode(m.group(1)));
    } else if ((m = SESSION.matcher(r.path)).matches() && r.method.equals("PUT")) {
      return chunk(r, m.group(1));
    } else if ((m = XML_OBJECT.matcher(r.path)).matches() && !r.path.startsWith("/storage/")
        && !r.path.startsWith("/upload/")) {
      return signed(r, GcsWire.decode(m.group(1)), GcsWire.decode(m.group(2)));
    }
    return error(400, "the fake does not know " + r.method + " " + r.path);
  }

  // ---------------------------------------------------------------- objects

  private Response object(Request r, String bucket, String name) throws IOException {
    Stored s = objects.get(bucket + "/" + name);
    if (s == null) {
      return error(404, "No such object: " + bucket + "/" + name);
    }
    if (r.param("generation") != null && Long.parseLong(r.param("generation")) != s.generation) {
      return error(404, "No such object: " + bucket + "/" + name + "#" + r.param("generation"));
    }
    Response failed = preconditions(r, s, "");
    if (failed != null) {
      return failed.status == 412 && r.method.equals("GET") && notModified(r, s) ? new Response(304) : failed;
    }
    if (r.method.equals("DELETE")) {
      return objects.remove(bucket + "/" + name, s) ? new Response(204) : error(404, "No such object: " + name);
    }
    if (!r.method.equals("GET")) {
      return error(405, r.method + " on an object is not supported by the fake");
    }
    return "media".equals(r.param("alt")) ? media(r, s) : json(200, s.resource());
  }

  /** A failed {@code ifGenerationNotMatch}/{@code ifMetagenerationNotMatch} on a read is 304, as on GCS. */
  private static boolean notModified(Request r, Stored s) {
    String match = r.param("ifGenerationMatch");
    return match == null || Long.parseLong(match) == s.generation;
  }

  private Response media(Request r, Stored s) throws IOException {
    Response response = new Response(200);
    byte[] content = s.content;
    boolean transcode = "gzip".equals(s.contentEncoding)
        && !r.header("accept-encoding", "").toLowerCase(Locale.ROOT).contains("gzip");
    if (transcode) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
        content = in.readAllBytes(); // decompressive transcoding, as GCS does; ranges are then ignored
      } catch (IOException e) {
        transcode = false; // not gzip after all: served as stored
      }
    } else if (s.contentEncoding != null) {
      response.headers.put("Content-Encoding", s.contentEncoding);
    }
    int from = 0;
    int to = content.length - 1;
    String range = r.header("range", null);
    if (range != null && !transcode) {
      Matcher m = RANGE.matcher(range);
      if (!m.matches()) {
        return error(400, "bad range " + range);
      }
      from = Integer.parseInt(m.group(1));
      if (!m.group(2).isEmpty()) {
        to = Math.min(to, Integer.parseInt(m.group(2)));
      }
      if (from >= content.length && content.length > 0) {
        return error(416, "Requested range not satisfiable");
      }
      response.status = 206;
      response.headers.put("Content-Range", "bytes " + from + "-" + to + "/" + content.length);
    }
    response.headers.put("Content-Type", s.contentType);
    response.headers.put("ETag", "\"" + s.etag() + "\"");
    response.headers.put("x-goog-generation", Long.toString(s.generation));
    response.headers.put("x-goog-metageneration", "1");
    response.headers.put("x-goog-hash", "crc32c=" + s.reportedCrc32c + ",md5=" + s.md5);
    response.headers.put("x-goog-stored-content-length", Integer.toString(s.content.length));
    response.headers.put("x-goog-stored-content-encoding", s.contentEncoding == null ? "identity" : s.contentEncoding);
    response.body = Arrays.copyOfRange(content, from, Math.max(from, to + 1));
    return response;
  }

  /**
   * One page of a listing, in the UTF-8 byte order GCS lists in. With a delimiter, each prefix is
   * one entry of the sequence the pages walk, so it appears once across pages; the page token is
   * the last entry returned (opaque to clients: base64).
   */
  private Response list(Request r, String bucket) {
    String prefix = r.param("prefix", "");
    String delimiter = r.param("delimiter");
    String startOffset = r.param("startOffset");
    String endOffset = r.param("endOffset");
    int max = Math.min(1000, Integer.parseInt(r.param("maxResults", "1000")));
    String after = r.param("pageToken") == null ? null
        : new String(Base64.getUrlDecoder().decode(r.param("pageToken")), StandardCharsets.UTF_8);
    TreeMap<String, Stored> entries = new TreeMap<>(GcsWire::utf8Compare); // a prefix maps to null
    for (Stored s : objects.values()) {
      if (!s.bucket.equals(bucket) || !s.name.startsWith(prefix)
          || (startOffset != null && GcsWire.utf8Compare(s.name, startOffset) < 0)
          || (endOffset != null && GcsWire.utf8Compare(s.name, endOffset) >= 0)) {
        continue;
      }
      int cut = delimiter == null || delimiter.isEmpty() ? -1 : s.name.indexOf(delimiter, prefix.length());
      if (cut < 0) {
        entries.put(s.name, s);
      } else {
        entries.putIfAbsent(s.name.substring(0, cut + delimiter.length()), null);
      }
    }
    Map<String, Stored> rest = after == null ? entries : entries.tailMap(after, false);
    List<StorageObject> items = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String last = null;
    int n = 0;
    for (Map.Entry<String, Stored> e : rest.entrySet()) {
      if (n++ == max) {
        break;
      }
      last = e.getKey();
      if (e.getValue() == null) {
        prefixes.add(e.getKey());
      } else {
        items.add(e.getValue().resource());
      }
    }
    Objects page = new Objects().setKind("storage#objects");
    if (!items.isEmpty()) {
      page.setItems(items);
    }
    if (!prefixes.isEmpty()) {
      page.setPrefixes(prefixes);
    }
    if (rest.size() > max) {
      page.setNextPageToken(Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
    }
    return json(200, page);
  }

  // ---------------------------------------------------------------- uploads

  private Response upload(Request r, String bucket) throws IOException {
    String type = r.param("uploadType", "");
    if (type.equals("resumable")) {
      StorageObject meta = r.body.length == 0 ? new StorageObject()
          : JSON.fromString(new String(r.body, StandardCharsets.UTF_8), StorageObject.class);
      String name = meta.getName() != null ? meta.getName() : r.param("name");
      Response failed = preconditions(r, objects.get(bucket + "/" + name), "");
      if (failed != null) {
        return failed; // GCS checks the preconditions when the session is opened, and again at finalize
      }
      int id = sessionIds.incrementAndGet();
      sessions.put(Integer.toString(id), new Session(bucket, name, meta, r.query));
      Response response = new Response(200);
      // on the host the client addressed (as a server behind a proxy answers), so chunks take the same way
      String host = r.header("host", null);
      response.headers.put("Location", (host == null ? endpoint() : "http://" + host) + "/upload/session/" + id);
      return response;
    }
    StorageObject meta;
    byte[] content;
    if (type.equals("multipart")) {
      List<GcsWire.Part> parts = GcsWire.multipart(r.body, r.header("content-type", ""));
      if (parts.size() != 2) {
        return error(400, "a multipart upload has two parts, metadata and media; got " + parts.size());
      }
      meta = JSON.fromString(new String(parts.get(0).content, StandardCharsets.UTF_8), StorageObject.class);
      if (meta.getContentType() == null && parts.get(1).headers.containsKey("content-type")) {
        meta.setContentType(parts.get(1).headers.get("content-type"));
      }
      content = parts.get(1).content;
    } else if (type.equals("media")) {
      meta = new StorageObject().setName(r.param("name")).setContentType(r.header("content-type", null));
      content = r.body;
    } else {
      return error(400, "unknown uploadType '" + type + "'");
    }
    return finish(r, bucket, meta, content);
  }

  private Response chunk(Request r, String id) throws IOException {
    Session session = sessions.get(id);
    if (session == null) {
      return error(404, "no such upload session");
    }
    chunkSizes.add((long) r.body.length);
    String range = r.header("content-range", null);
    Matcher m = range == null ? null : CONTENT_RANGE.matcher(range);
    if (m == null || !m.matches()) {
      return error(400, "bad Content-Range " + range);
    }
    synchronized (session) {
      if (m.group(1) != null) {
        long begin = Long.parseLong(m.group(1));
        if (begin != session.received.size()) {
          return error(400, "chunk at " + begin + " but " + session.received.size() + " bytes received");
        }
        session.received.write(r.body);
      }
      if (m.group(3).equals("*")) {
        Response response = new Response(308);
        if (session.received.size() > 0) {
          response.headers.put("Range", "bytes=0-" + (session.received.size() - 1));
        }
        return response;
      }
      byte[] content = session.received.toByteArray();
      String hash = r.header("x-goog-hash", null);
      if (hash != null && hash.startsWith("crc32c=") && !hash.substring(7).split(",")[0].equals(crc32c(content))) {
        return error(400, "Provided CRC32C does not match the data");
      }
      Request finalize = new Request(r.method, r.path, null, r.headers, new byte[0]);
      finalize.query.putAll(session.query);
      Response response = finish(finalize, session.bucket, session.meta.clone().setName(session.name), content);
      if (response.status < 300 || response.status == 412) {
        sessions.remove(id); // finalized, or refused for good
      }
      return response;
    }
  }

  /** Creates the object if the request's preconditions hold (atomically) and its checksums match. */
  private Response finish(Request r, String bucket, StorageObject meta, byte[] content) throws IOException {
    if (meta.getName() == null || meta.getName().isEmpty()) {
      return error(400, "an object needs a name");
    }
    if (meta.getCrc32c() != null && !meta.getCrc32c().equals(crc32c(content))) {
      return error(400, "Provided CRC32C \"" + meta.getCrc32c() + "\" doesn't match calculated CRC32C");
    }
    if (meta.getMd5Hash() != null && !meta.getMd5Hash().equals(md5(content))) {
      return error(400, "Provided MD5 hash \"" + meta.getMd5Hash() + "\" doesn't match calculated MD5 hash.");
    }
    synchronized (objects) {
      Response failed = preconditions(r, objects.get(bucket + "/" + meta.getName()), "");
      if (failed != null) {
        return failed;
      }
      return json(200, store(bucket, meta.getName(), content, meta).resource());
    }
  }

  private Stored store(String bucket, String name, byte[] content, StorageObject meta) {
    Stored s = new Stored(bucket, name, content, generations.incrementAndGet(), meta);
    objects.put(bucket + "/" + name, s);
    return s;
  }

  private Response rewrite(Request r, String srcBucket, String src, String dstBucket, String dst) throws IOException {
    Stored s = objects.get(srcBucket + "/" + src);
    if (s == null) {
      return error(404, "No such object: " + srcBucket + "/" + src);
    }
    Response failed = preconditions(r, s, "Source");
    if (failed == null) {
      failed = preconditions(r, objects.get(dstBucket + "/" + dst), "");
    }
    if (failed != null) {
      return failed;
    }
    int call = r.param("rewriteToken") != null ? Integer.parseInt(r.param("rewriteToken")) + 1 : 1;
    RewriteResponse response = new RewriteResponse().setKind("storage#rewriteResponse")
        .setObjectSize((long) s.content.length);
    if (call < rewriteCallsPerCopy) {
      return json(200, response.setDone(false).setRewriteToken(Integer.toString(call))
          .setTotalBytesRewritten((long) s.content.length * call / rewriteCallsPerCopy));
    }
    // a destination resource in the body sets the target's metadata; without one the source's is kept
    StorageObject meta = r.body.length == 0 ? s.resource()
        : JSON.fromString(new String(r.body, StandardCharsets.UTF_8), StorageObject.class);
    synchronized (objects) {
      failed = preconditions(r, objects.get(dstBucket + "/" + dst), "");
      if (failed != null) {
        return failed;
      }
      Stored copy = store(dstBucket, dst, s.content, meta);
      return json(200, response.setDone(true).setTotalBytesRewritten((long) s.content.length)
          .setResource(copy.resource()));
    }
  }

  /**
   * The 412 GCS answers when a precondition of {@code r} does not hold for {@code current} (null:
   * no such object), or null. {@code kind} is {@code ""} or {@code "Source"} (for a rewrite's source).
   */
  private static Response preconditions(Request r, Stored current, String kind) {
    String match = r.param("if" + kind + "GenerationMatch");
    String notMatch = r.param("if" + kind + "GenerationNotMatch");
    String metaMatch = r.param("if" + kind + "MetagenerationMatch");
    long generation = current == null ? 0 : current.generation;
    if ((match != null && Long.parseLong(match) != generation)
        || (notMatch != null && Long.parseLong(notMatch) == generation)
        || (metaMatch != null && (current == null || Long.parseLong(metaMatch) != 1))) {
      return error(412, "At least one of the pre-conditions you specified did not hold.", "conditionNotMet");
    }
    return null;
  }

  // ---------------------------------------------------------------- batch

  /** The batch endpoint: each part of the {@code multipart/mixed} body is one call, answered in a part of the reply. */
  private Response batch(Request r) throws IOException {
    requests.add(r.method + " " + r.path);
    List<GcsWire.Part> parts = GcsWire.multipart(r.body, r.header("content-type", ""));
    if (parts.size() > MAX_BATCH) {
      return error(400, "A batch request may hold at most " + MAX_BATCH + " calls; got " + parts.size());
    }
    String boundary = "batch_" + Long.toHexString(System.nanoTime());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (GcsWire.Part part : parts) {
      Request call = Request.parse(part.content);
      Response answer = record(call, dispatch(call));
      out.write(("--" + boundary + "\r\nContent-Type: application/http\r\nContent-ID: <response-"
          + part.headers.getOrDefault("content-id", "") + ">\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      StringBuilder head = new StringBuilder("HTTP/1.1 " + answer.status + " " + reason(answer.status) + "\r\n");
      answer.headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(answer.body.length).append("\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(answer.body);
      out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    Response response = new Response(200);
    response.headers.put("Content-Type", "multipart/mixed; boundary=" + boundary);
    response.body = out.toByteArray();
    return response;
  }

  private static String reason(int status) {
    switch (status) {
      case 200: return "OK";
      case 204: return "No Content";
      case 404: return "Not Found";
      case 412: return "Precondition Failed";
      default: return "Status";
    }
  }

  // ---------------------------------------------------------------- signed URLs and tokens

  /**
   * A request on the XML-API path, which (here) only a V4 signed URL may make: the signature is
   * checked over the canonical request rebuilt from what arrived, with the trusted public key of
   * the account named in {@code X-Goog-Credential}, and the URL must not have expired.
   */
  private Response signed(Request r, String bucket, String name) throws IOException {
    String refused = verifySignature(r);
    if (refused != null) {
      return xmlError(403, refused.startsWith("expired") ? "ExpiredToken" : "SignatureDoesNotMatch", refused);
    }
    if (r.method.equals("PUT")) {
      StorageObject meta = new StorageObject().setName(name)
          .setContentType(r.header("content-type", null));
      Response stored = finish(r, bucket, meta, r.body);
      return stored.status == 200 ? new Response(200) : stored;
    }
    Stored s = objects.get(bucket + "/" + name);
    if (!r.method.equals("GET")) {
      return xmlError(405, "MethodNotAllowed", r.method + " is not supported by the fake");
    }
    return s == null ? xmlError(404, "NoSuchKey", "The specified key does not exist.") : media(r, s);
  }

  private String verifySignature(Request r) {
    String signature = r.param("X-Goog-Signature");
    String credential = r.param("X-Goog-Credential");
    String date = r.param("X-Goog-Date");
    String expires = r.param("X-Goog-Expires");
    String signedHeaders = r.param("X-Goog-SignedHeaders");
    if (signature == null || credential == null || date == null || expires == null || signedHeaders == null
        || !"GOOG4-RSA-SHA256".equals(r.param("X-Goog-Algorithm"))) {
      return "anonymous access is refused: not a V4 signed URL";
    }
    String[] scope = credential.split("/", 2);
    PublicKey key = signers.get(scope[0]);
    if (key == null || scope.length < 2) {
      return "unknown signer " + scope[0];
    }
    Instant signedAt = LocalDateTime.parse(date, GOOG_DATE).toInstant(ZoneOffset.UTC);
    long seconds = Long.parseLong(expires);
    if (seconds < 1 || seconds > 604_800) {
      return "X-Goog-Expires must be 1 to 604800 seconds";
    }
    if (Instant.now().isAfter(signedAt.plusSeconds(seconds))) {
      return "expired: the URL was valid until " + signedAt.plusSeconds(seconds);
    }
    TreeMap<String, String> query = new TreeMap<>();
    r.query.forEach((k, v) -> {
      if (!k.equals("X-Goog-Signature")) {
        query.put(GcsWire.encode(k), GcsWire.encode(v));
      }
    });
    StringBuilder canonical = new StringBuilder(r.method).append('\n').append(r.path).append('\n');
    query.forEach((k, v) -> canonical.append(canonical.charAt(canonical.length() - 1) == '\n' ? "" : "&")
        .append(k).append('=').append(v));
    canonical.append('\n');
    for (String header : signedHeaders.split(";")) {
      String value = r.header(header, null);
      if (value == null) {
        return "signed header '" + header + "' is missing from the request";
      }
      canonical.append(header).append(':').append(value.trim()).append('\n');
    }
    canonical.append('\n').append(signedHeaders).append('\n').append("UNSIGNED-PAYLOAD");
    String toSign = "GOOG4-RSA-SHA256\n" + date + "\n" + scope[1] + "\n" + HexFormat.of().formatHex(GcsWire.sha256(canonical));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key);
      rsa.update(toSign.getBytes(StandardCharsets.UTF_8));
      return rsa.verify(HexFormat.of().parseHex(signature)) ? null
          : "the signature does not match the canonical request " + canonical.toString().replace("\n", "\\n");
    } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
      return "the signature cannot be checked: " + e;
    }
  }

  /** OAuth for service accounts: a JWT-bearer grant signed by a trusted account gets an access token. */
  private Response token(Request r) {
    Map<String, String> form = GcsWire.query(new String(r.body, StandardCharsets.UTF_8));
    String[] jwt = form.getOrDefault("assertion", "").split("\\.");
    if (jwt.length != 3) {
      return error(400, "invalid_grant: no JWT assertion");
    }
    try {
      GenericJson claims = JSON.fromString(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8),
          GenericJson.class);
      PublicKey key = signers.get(String.valueOf(claims.get("iss")));
      Signature rsa = Signature.getInstance("SHA256withRSA");
      if (key == null) {
        return error(401, "invalid_grant: unknown account " + claims.get("iss"));
      }
      rsa.initVerify(key);
      rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
        return error(401, "invalid_grant: bad JWT signature");
      }
    } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
      return error(400, "invalid_grant: " + e);
    }
    return json(200, new GenericJson().set("access_token", "fake-token-" + System.nanoTime())
        .set("token_type", "Bearer").set("expires_in", 3600));
  }

  // ---------------------------------------------------------------- HTTP helpers

  private static Response json(int status, GenericJson json) {
    try {
      Response response = new Response(status);
      response.headers.put("Content-Type", "application/json; charset=UTF-8");
      response.body = JSON.toString(json).getBytes(StandardCharsets.UTF_8);
      return response;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Response error(int status, String message) {
    return error(status, message, "fake");
  }

  private static Response error(int status, String message, String reason) {
    GenericJson detail = new GenericJson().set("message", message).set("reason", reason).set("domain", "global");
    return json(status, new GenericJson().set("error",
        new GenericJson().set("code", status).set("message", message).set("errors", List.of(detail))));
  }

  private static Response xmlError(int status, String code, String message) {
    Response response = new Response(status);
    response.headers.put("Content-Type", "application/xml; charset=UTF-8");
    response.body = ("<?xml version='1.0' encoding='UTF-8'?><Error><Code>" + code + "</Code><Message>"
        + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
    return response;
  }

  /** The MD5 of {@code content} as GCS reports it: Base64. */
  public static String md5(byte[] content) {
    return GcsWire.md5(content);
  }

  /** The CRC32C of {@code content} as GCS reports it: big-endian, Base64. */
  public static String crc32c(byte[] content) {
    return GcsWire.crc32c(content);
  }

  // ---------------------------------------------------------------- state

  private static final class Request {
    final String method;
    final String path;
    final Map<String, String> query;
    final Map<String, String> headers;
    final byte[] body;

    Request(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
      this.method = method;
      this.path = path;
      this.query = GcsWire.query(rawQuery);
      this.headers = headers;
      this.body = body;
    }

    /** A call inside a batch: {@code METHOD url HTTP/1.1}, headers, a blank line, the body. */
    static Request parse(byte[] http) {
      GcsWire.Part p = GcsWire.Part.parse(http);
      String[] line = p.firstLine.split(" ");
      URI uri = URI.create(line[1]);
      return new Request(line[0], uri.getRawPath(), uri.getRawQuery(), p.headers, p.content);
    }

    String param(String name) {
      return query.get(name);
    }

    String param(String name, String otherwise) {
      return query.getOrDefault(name, otherwise);
    }

    String header(String name, String otherwise) {
      return headers.getOrDefault(name, otherwise);
    }
  }

  private static final class Response {
    int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] body = new byte[0];

    Response(int status) {
      this.status = status;
    }
  }


  private static final class Stored {
    final String bucket;
    final String name;
    final byte[] content;
    final long generation;
    final DateTime created = new DateTime(System.currentTimeMillis());
    final String contentType;
    final String cacheControl;
    final String contentDisposition;
    final String contentEncoding;
    final Map<String, String> metadata;
    final String md5;
    volatile String reportedCrc32c;

    Stored(String bucket, String name, byte[] content, long generation, StorageObject meta) {
      this.bucket = bucket;
      this.name = name;
      this.content = content;
      this.generation = generation;
      this.contentType = meta.getContentType() == null ? "application/octet-stream" : meta.getContentType();
      this.cacheControl = meta.getCacheControl();
      this.contentDisposition = meta.getContentDisposition();
      this.contentEncoding = meta.getContentEncoding();
      this.metadata = meta.getMetadata() == null || meta.getMetadata().isEmpty() ? null
          : new TreeMap<>(meta.getMetadata());
      this.md5 = md5(content);
      this.reportedCrc32c = crc32c(content);
    }

    /** GCS's JSON API etag: base64 of the protobuf fields generation (1) and metageneration (2). */
    String etag() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0x08);
      for (long v = generation; ; v >>>= 7) {
        if ((v & ~0x7fL) == 0) {
          out.write((int) v);
          break;
        }
        out.write((int) ((v & 0x7f) | 0x80));
      }
      out.write(0x10);
      out.write(1);
      return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    StorageObject resource() {
      String id = bucket + "/" + name + "/" + generation;
      StorageObject o = new StorageObject().setKind("storage#object").setId(id).setBucket(bucket).setName(name)
          .setSelfLink("https://www.googleapis.com/storage/v1/b/" + bucket + "/o/" + GcsWire.encode(name))
          .setMediaLink("https://storage.googleapis.com/download/storage/v1/b/" + bucket + "/o/"
              + GcsWire.encode(name) + "?generation=" + generation + "&alt=media")
          .setSize(BigInteger.valueOf(content.length)).setGeneration(generation).setMetageneration(1L)
          .setContentType(contentType).setStorageClass("STANDARD").setTimeCreated(created).setUpdated(created)
          .setTimeStorageClassUpdated(created).setCrc32c(reportedCrc32c).setMd5Hash(md5).setEtag(etag());
      o.setCacheControl(cacheControl).setContentDisposition(contentDisposition).setContentEncoding(contentEncoding);
      if (metadata != null) {
        o.setMetadata(new TreeMap<>(metadata));
      }
      return o;
    }
  }

  private static final class Session {
    final String bucket;
    final String name;
    final StorageObject meta;
    final Map<String, String> query;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();

    Session(String bucket, String name, StorageObject meta, Map<String, String> query) {
      this.bucket = bucket;
      this.name = name;
      this.meta = meta;
      this.query = new HashMap<>(query);
      this.query.remove("uploadType");
    }
  }
}

package org.storagekit.tck;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.storagekit.WriteOptions;
import org.storagekit.spi.PresignRequest;

/**
 * The in-memory reference's presigned URLs: a loopback HTTP server that serves {@code GET} and
 * {@code PUT} of an object of an in-memory bucket to any client that presents a URL signed with
 * this JVM's secret (HMAC-SHA256 over method, bucket, name, expiry and content type), until it
 * expires. A URL without a valid signature or past its expiry gets 403, as a cloud would answer.
 */
final class PresignServer {
  private static PresignServer shared;

  private final HttpServer server;
  private final byte[] secret = new byte[32];
  private final Map<String, ConcurrentNavigableMap<String, InMemoryBackend.Blob>> buckets = new ConcurrentHashMap<>();
  private final Map<ConcurrentNavigableMap<String, InMemoryBackend.Blob>, String> ids =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

  private PresignServer() throws IOException {
    new SecureRandom().nextBytes(secret);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "tck-presign");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  static synchronized PresignServer shared() {
    if (shared == null) {
      try {
        shared = new PresignServer();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** A URL for {@code request} on {@code bucket}. */
  URI sign(ConcurrentNavigableMap<String, InMemoryBackend.Blob> bucket, PresignRequest request) {
    String id = ids.computeIfAbsent(bucket, b -> {
      String fresh = "b" + ids.size();
      buckets.put(fresh, b);
      return fresh;
    });
    long expires = Instant.now().plus(request.expiry()).getEpochSecond();
    String type = request.contentType() == null ? "" : request.contentType();
    String signature = signature(request.method().name(), id, request.name(), expires, type);
    InetSocketAddress at = server.getAddress();
    return URI.create("http://" + at.getAddress().getHostAddress() + ":" + at.getPort() + "/" + id + "/"
        + encode(request.name()) + "?expires=" + expires + "&type=" + encode(type) + "&signature=" + signature);
  }

  private String signature(String method, String bucket, String name, long expires, String type) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(String.join("\n", method, bucket, name, Long.toString(expires), type)
          .getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      int slash = path.indexOf('/', 1);
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      if (slash < 0 || !query.containsKey("signature") || !query.containsKey("expires")) {
        reply(exchange, 403, "no signature");
        return;
      }
      String id = path.substring(1, slash);
      String name = URLDecoder.decode(path.substring(slash + 1), StandardCharsets.UTF_8);
      String method = exchange.getRequestMethod();
      long expires = Long.parseLong(query.get("expires"));
      String type = query.getOrDefault("type", "");
      String expected = signature(method, id, name, expires, type);
      ConcurrentNavigableMap<String, InMemoryBackend.Blob> bucket = buckets.get(id);
      if (bucket == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
          query.get("signature").getBytes(StandardCharsets.US_ASCII))) {
        reply(exchange, 403, "signature does not match");
      } else if (Instant.now().getEpochSecond() > expires) {
        reply(exchange, 403, "expired");
      } else if (method.equals("GET")) {
        InMemoryBackend.Blob blob = bucket.get(name);
        if (blob == null) {
          reply(exchange, 404, "no such object");
          return;
        }
        exchange.sendResponseHeaders(200, blob.bytes.length == 0 ? -1 : blob.bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(blob.bytes);
        }
      } else if (method.equals("PUT")) {
        String sent = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!type.isEmpty() && !type.equals(sent)) {
          reply(exchange, 403, "the signed content type is " + type);
          return;
        }
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
          bytes = in.readAllBytes();
        }
        WriteOptions options = sent == null ? WriteOptions.defaults() : WriteOptions.builder().contentType(sent).build();
        bucket.put(name, new InMemoryBackend.Blob(bytes, System.nanoTime(), options));
        reply(exchange, 200, "");
      } else {
        reply(exchange, 405, method);
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
  }
}

package org.storagekit.tck;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny object store over HTTP on loopback, for the fault suite's self-test: {@code PUT}, {@code
 * GET} (optionally a range), {@code HEAD} and {@code DELETE} of {@code /o/NAME}, {@code POST
 * /c?from=A&to=B} (copy) and {@code GET /l?prefix=P&after=K&limit=N} (one page of {@code
 * name size etag} lines, then {@code more} if there is more). An object is stored only once its whole
 * body arrived: a request cut short stores nothing.
 */
final class HttpObjectServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;
  private final ConcurrentNavigableMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
  private final Map<String, Long> etags = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong versions = new AtomicLong();

  HttpObjectServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "tck-http-object-server");
      t.setDaemon(true);
      return t;
    });
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getAddress().getPort());
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getRawPath();
      Map<String, String> query = query(x.getRequestURI().getRawQuery());
      String method = x.getRequestMethod();
      if (path.startsWith("/o/")) {
        String name = decode(path.substring(3));
        switch (method) {
          case "PUT" -> put(x, name);
          case "GET", "HEAD" -> get(x, name, query, method.equals("HEAD"));
          case "DELETE" -> {
            objects.remove(name);
            x.sendResponseHeaders(204, -1);
          }
          default -> x.sendResponseHeaders(405, -1);
        }
      } else if (path.equals("/c") && method.equals("POST")) {
        byte[] source = objects.get(query.get("from"));
        if (source == null) {
          x.sendResponseHeaders(404, -1);
          return;
        }
        store(query.get("to"), source);
        x.getResponseHeaders().set("ETag", etag(query.get("to")));
        x.sendResponseHeaders(200, -1);
      } else if (path.equals("/l")) {
        list(x, query);
      } else {
        x.sendResponseHeaders(404, -1);
      }
    } catch (IOException e) {
      // the client went away, or the request was cut short: nothing stored
    }
  }

  private void put(HttpExchange x, String name) throws IOException {
    String declared = x.getRequestHeaders().getFirst("Content-Length");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (InputStream in = x.getRequestBody()) {
      in.transferTo(body);
    }
    if (declared != null && Long.parseLong(declared) != body.size()) {
      throw new IOException("request body cut short");
    }
    store(name, body.toByteArray());
    x.getResponseHeaders().set("ETag", etag(name));
    x.sendResponseHeaders(200, -1);
  }

  private void get(HttpExchange x, String name, Map<String, String> query, boolean head) throws IOException {
    byte[] content = objects.get(name);
    if (content == null) {
      x.sendResponseHeaders(404, -1);
      return;
    }
    int from = (int) Math.min(content.length, Long.parseLong(query.getOrDefault("offset", "0")));
    long length = Long.parseLong(query.getOrDefault("length", "-1"));
    int to = length < 0 ? content.length : (int) Math.min(content.length, from + length);
    x.getResponseHeaders().set("ETag", etag(name));
    x.getResponseHeaders().set("X-Object-Size", Integer.toString(content.length));
    if (head) {
      x.sendResponseHeaders(200, -1);
      return;
    }
    x.sendResponseHeaders(200, to - from == 0 ? -1 : to - from);
    try (OutputStream out = x.getResponseBody()) {
      out.write(content, from, to - from);
    }
  }

  private void list(HttpExchange x, Map<String, String> query) throws IOException {
    String prefix = query.getOrDefault("prefix", "");
    String after = query.get("after");
    int limit = Integer.parseInt(query.getOrDefault("limit", "1000"));
    StringBuilder b = new StringBuilder();
    int n = 0;
    Map.Entry<String, byte[]> e = after == null ? objects.ceilingEntry(prefix) : objects.higherEntry(after);
    while (e != null && e.getKey().startsWith(prefix) && n < limit) {
      b.append(java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append(' ')
          .append(e.getValue().length).append(' ').append(etag(e.getKey())).append('\n');
      n++;
      e = objects.higherEntry(e.getKey());
    }
    if (e != null && e.getKey().startsWith(prefix)) {
      b.append("more\n");
    }
    byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  private void store(String name, byte[] content) {
    objects.put(name, content);
    etags.put(name, versions.incrementAndGet());
  }

  private String etag(String name) {
    return "\"v" + etags.getOrDefault(name, 0L) + "\"";
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          m.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
    }
    return m;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}

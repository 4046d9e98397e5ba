package org.storagekit.tck;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.storagekit.Capability;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageFile;
import org.storagekit.StorageOptions;
import org.storagekit.TransientException;
import org.storagekit.spi.CopyRequest;
import org.storagekit.spi.ListRequest;
import org.storagekit.spi.Page;
import org.storagekit.spi.ReadRequest;
import org.storagekit.spi.StorageBackend;
import org.storagekit.spi.StorageContext;
import org.storagekit.spi.StorageEngine;
import org.storagekit.spi.WriteRequest;

/**
 * The client of {@link HttpObjectServer}, behind the engine: the fault suite's reference backend. It
 * retries nothing; a body shorter than its {@code Content-Length} fails as an {@link IOException}
 * unless {@code lenient} (a broken client that swallows truncated bodies); 5xx replies are
 * transient.
 */
final class HttpBackend implements StorageBackend {
  static final int PAGE = 50;

  private final StorageContext context;
  private final URI endpoint;
  private final int readTimeoutMillis;
  private final boolean lenient;

  private HttpBackend(StorageContext context, URI endpoint, Duration readTimeout, boolean lenient) {
    this.context = context;
    this.endpoint = endpoint;
    this.readTimeoutMillis = (int) readTimeout.toMillis();
    this.lenient = lenient;
  }

  static Storage open(InetSocketAddress server, String prefix, Duration readTimeout, boolean lenient) {
    return open(URI.create("http://" + server.getHostString() + ":" + server.getPort()), prefix, readTimeout, lenient);
  }

  static Storage open(URI endpoint, String prefix, Duration readTimeout, boolean lenient) {
    StorageContext context = StorageContext.of(URI.create("tckhttp://objects/" + prefix + "/"), prefix + "/",
        StorageOptions.defaults());
    return StorageEngine.open(context, new HttpBackend(context, endpoint, readTimeout, lenient));
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.WRITE, Capability.COPY, Capability.ETAG);
  }

  private HttpURLConnection connect(String method, String pathAndQuery) throws IOException {
    HttpURLConnection c = (HttpURLConnection) endpoint.resolve(pathAndQuery).toURL().openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout(readTimeoutMillis);
    c.setReadTimeout(readTimeoutMillis);
    c.setUseCaches(false);
    return c;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The status, having failed on anything but 2xx and 404. */
  private static int status(HttpURLConnection c) throws IOException {
    int status = c.getResponseCode();
    if (status >= 500) {
      throw new ServerError(status + " " + c.getResponseMessage());
    }
    if (status >= 300 && status != 404) {
      throw new IOException("unexpected HTTP " + status);
    }
    return status;
  }

  /** The body, failing if it ends before its declared length (unless lenient). */
  private InputStream body(HttpURLConnection c) throws IOException {
    long declared = c.getContentLengthLong();
    InputStream in = c.getInputStream();
    if (lenient || declared < 0) {
      return in;
    }
    return new FilterInputStream(in) {
      long seen;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0 && seen < declared) {
          throw new IOException("the body ended after " + seen + " of " + declared + " bytes");
        }
        seen += Math.max(n, 0);
        return n;
      }
    };
  }

  @Override
  public Page list(ListRequest request) throws IOException {
    String after = request.token().orElse(request.after().orElse(null));
    HttpURLConnection c = connect("GET", "/l?prefix=" + enc(request.prefix()) + "&limit=" + PAGE
        + (after == null ? "" : "&after=" + enc(after)));
    status(c);
    List<StorageFile> files = new ArrayList<>();
    boolean more = false;
    try (InputStream in = body(c)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.equals("more")) {
          more = true;
        } else if (!line.isEmpty()) {
          String[] f = line.split(" ");
          files.add(StorageFile.builder(URLDecoder.decode(f[0], StandardCharsets.UTF_8)).size(Long.parseLong(f[1]))
              .lastModified(Instant.EPOCH).etag(f[2]).build());
        }
      }
    }
    return more && !files.isEmpty() ? Page.of(files, files.get(files.size() - 1).key()) : Page.last(files);
  }

  @Override
  public Optional<StorageFile> stat(String name) throws IOException {
    HttpURLConnection c = connect("HEAD", "/o/" + enc(name));
    if (status(c) == 404) {
      return Optional.empty();
    }
    return Optional.of(StorageFile.builder(name).size(Long.parseLong(c.getHeaderField("X-Object-Size")))
        .lastModified(Instant.EPOCH).etag(c.getHeaderField("ETag")).build());
  }

  @Override
  public InputStream read(ReadRequest request) throws IOException {
    HttpURLConnection c = connect("GET", "/o/" + enc(request.name()) + "?offset=" + request.offset()
        + "&length=" + request.length());
    if (status(c) == 404) {
      throw context.notFound(request.name(), null);
    }
    return body(c);
  }

  @Override
  public StorageFile write(WriteRequest request) throws IOException {
    HttpURLConnection c = connect("PUT", "/o/" + enc(request.name()));
    c.setDoOutput(true);
    if (request.file().isPresent()) {
      c.setFixedLengthStreamingMode(request.size());
    } else {
      c.setChunkedStreamingMode(64 * 1024);
    }
    long size = 0;
    try (InputStream in = request.file().isPresent() ? Files.newInputStream(request.file().get())
        : request.stream().orElseThrow(); OutputStream out = c.getOutputStream()) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        request.progress().add(n);
        size += n;
      }
    }
    status(c);
    return StorageFile.builder(request.name()).size(size).lastModified(Instant.EPOCH).etag(c.getHeaderField("ETag"))
        .build();
  }

  @Override
  public StorageFile copy(CopyRequest request) throws IOException {
    HttpURLConnection c = connect("POST", "/c?from=" + enc(request.source()) + "&to=" + enc(request.target()));
    if (status(c) == 404) {
      throw context.notFound(request.source(), null);
    }
    return stat(request.target()).orElseThrow(() -> new IOException("the copy vanished"));
  }

  @Override
  public void delete(String name) throws IOException {
    status(connect("DELETE", "/o/" + enc(name)));
  }

  @Override
  public Optional<StorageException> translate(Throwable error, String key) {
    if (error instanceof ServerError) {
      return Optional.of(new TransientException(context.uri(), key, error.getMessage(), error));
    }
    return Optional.empty();
  }

  /** A 5xx reply. */
  private static final class ServerError extends IOException {
    private static final long serialVersionUID = 1L;

    ServerError(String message) {
      super(message);
    }
  }
}

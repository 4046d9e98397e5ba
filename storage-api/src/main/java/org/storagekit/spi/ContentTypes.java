package org.storagekit.spi;

import java.util.Locale;
import java.util.Map;

/**
 * Content types guessed from a key's extension when a write does not set one [§17.2], as the AWS CLI
 * and rclone do; {@value #OCTET_STREAM} when the extension is unknown. The table is fixed, so the
 * same key gets the same type on every machine (unlike {@code Files.probeContentType}).
 */
public final class ContentTypes {
  /** The type of bytes of unknown kind. */
  public static final String OCTET_STREAM = "application/octet-stream";

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("txt", "text/plain"), Map.entry("text", "text/plain"), Map.entry("log", "text/plain"),
      Map.entry("md", "text/markdown"), Map.entry("csv", "text/csv"), Map.entry("tsv", "text/tab-separated-values"),
      Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("css", "text/css"),
      Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"), Map.entry("xml", "application/xml"),
      Map.entry("json", "application/json"), Map.entry("jsonl", "application/jsonl"),
      Map.entry("ndjson", "application/x-ndjson"), Map.entry("yaml", "application/yaml"),
      Map.entry("yml", "application/yaml"), Map.entry("toml", "application/toml"),
      Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"),
      Map.entry("tgz", "application/gzip"), Map.entry("bz2", "application/x-bzip2"), Map.entry("xz", "application/x-xz"),
      Map.entry("zst", "application/zstd"), Map.entry("tar", "application/x-tar"), Map.entry("7z", "application/x-7z-compressed"),
      Map.entry("jar", "application/java-archive"), Map.entry("war", "application/java-archive"),
      Map.entry("class", "application/java-vm"), Map.entry("wasm", "application/wasm"),
      Map.entry("parquet", "application/vnd.apache.parquet"), Map.entry("avro", "application/avro"),
      Map.entry("sql", "application/sql"),
      Map.entry("sh", "application/x-sh"), Map.entry("py", "text/x-python"), Map.entry("java", "text/x-java-source"),
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"),
      Map.entry("svg", "image/svg+xml"), Map.entry("ico", "image/vnd.microsoft.icon"), Map.entry("bmp", "image/bmp"),
      Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"), Map.entry("heic", "image/heic"),
      Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"), Map.entry("ogg", "audio/ogg"),
      Map.entry("flac", "audio/flac"), Map.entry("m4a", "audio/mp4"), Map.entry("mp4", "video/mp4"),
      Map.entry("webm", "video/webm"), Map.entry("mov", "video/quicktime"), Map.entry("mkv", "video/x-matroska"),
      Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
      Map.entry("otf", "font/otf"), Map.entry("doc", "application/msword"),
      Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
      Map.entry("xls", "application/vnd.ms-excel"),
      Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      Map.entry("ppt", "application/vnd.ms-powerpoint"),
      Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
      Map.entry("odt", "application/vnd.oasis.opendocument.text"), Map.entry("rtf", "application/rtf"),
      Map.entry("epub", "application/epub+zip"), Map.entry("ics", "text/calendar"));

  private ContentTypes() {}

  /** The content type for {@code key}'s extension (case-insensitive), or {@value #OCTET_STREAM}. */
  public static String guess(String key) {
    int slash = key.lastIndexOf('/');
    int dot = key.lastIndexOf('.');
    if (dot <= slash + 1 || dot == key.length() - 1) {
      return OCTET_STREAM; // no extension, or a dot file such as ".keep"
    }
    return BY_EXTENSION.getOrDefault(key.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
  }
}

package org.storagekit.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects text a user could see (log records, exception messages along the whole cause chain with
 * suppressed exceptions, {@code toString} of configurations, storages and failures) and fails if any
 * secret appears in it, as given or URL-encoded. The failure names which secret and where, and shows
 * the secret only by its length.
 */
public final class SecretScan {
  private final Set<String> secrets = new LinkedHashSet<>();
  private final List<String> places = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();

  /** A scan for these secrets; each must be at least 8 characters, so a match is never chance. */
  public SecretScan(String... secrets) {
    for (String secret : secrets) {
      if (secret == null || secret.length() < 8) {
        throw new IllegalArgumentException("a secret to scan for must have at least 8 characters");
      }
      this.secrets.add(secret);
      this.secrets.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }
  }

  /** Adds a piece of text, named by where it came from. */
  public SecretScan text(String place, String text) {
    places.add(place);
    texts.add(text == null ? "" : text);
    return this;
  }

  /** Adds an object's {@code toString}. */
  public SecretScan object(String place, Object value) {
    return text(place + ".toString()", String.valueOf(value));
  }

  /**
   * Adds a failure: the toString and message of it and of every cause and suppressed exception,
   * and its printed stack trace.
   */
  public SecretScan failure(String place, Throwable failure) {
    if (failure == null) {
      throw new AssertionError(place + ": expected a failure, none was thrown");
    }
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(place, failure, seen);
    java.io.StringWriter trace = new java.io.StringWriter();
    failure.printStackTrace(new java.io.PrintWriter(trace));
    return text(place + " stack trace", trace.toString());
  }

  private void collect(String place, Throwable t, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return;
    }
    text(place + " " + t.getClass().getName() + ".toString()", t.toString());
    text(place + " " + t.getClass().getName() + ".getMessage()", t.getMessage());
    text(place + " " + t.getClass().getName() + ".getLocalizedMessage()", t.getLocalizedMessage());
    collect(place + " > cause", t.getCause(), seen);
    for (Throwable suppressed : t.getSuppressed()) {
      collect(place + " > suppressed", suppressed, seen);
    }
  }

  /** Runs an action that must fail, and adds its failure. */
  public Throwable failing(String place, Action action) {
    try {
      action.run();
    } catch (Exception | Error e) {
      failure(place, e);
      return e;
    }
    throw new AssertionError(place + ": expected a failure, none was thrown");
  }

  /** An action expected to fail. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /** How many characters were scanned: a test checks it scanned something. */
  public long scannedChars() {
    return texts.stream().mapToLong(String::length).sum();
  }

  /** Fails naming every place where a secret appears. */
  public void assertNoSecrets() {
    List<String> leaks = new ArrayList<>();
    int index = 0;
    for (String secret : secrets) {
      for (int i = 0; i < texts.size(); i++) {
        int at = texts.get(i).indexOf(secret);
        if (at >= 0) {
          String text = texts.get(i);
          int record = text.lastIndexOf('\u001e', at);
          String source = record < 0 ? "" : ", record: " + text.substring(record + 1, Math.min(at,
              Math.min(text.indexOf(' ', text.indexOf(' ', record + 1) + 1) + 1, text.length())));
          String before = text.substring(Math.max(0, at - 80), at).replace('\n', ' ');
          leaks.add("secret #" + index + " (" + secret.length() + " chars) in " + places.get(i)
              + source + ", after: ..." + before);
        }
      }
      index++;
    }
    if (!leaks.isEmpty()) {
      throw new AssertionError("secrets leaked:\n  " + String.join("\n  ", leaks));
    }
  }
}

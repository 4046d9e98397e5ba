package org.storagekit.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A test SLF4J provider that, while a {@link #capture() capture} is open, enables every logger at
 * TRACE (the vendor SDKs' included) and records each event, its arguments and its throwable's whole
 * cause chain; java.util.logging (Google's clients) is recorded too. Outside a capture it prints WARN
 * and above to {@code System.err}, as slf4j-simple would. Selected with the system property
 * {@code slf4j.provider=org.storagekit.testing.RecordingLogs} (set by the surefire configuration of the
 * modules whose SecretsTest uses it), so it does not compete with slf4j-simple on the class path.
 */
public final class RecordingLogs implements SLF4JServiceProvider {
  private static final Object LOCK = new Object();
  private static volatile StringBuilder recording;

  private final ILoggerFactory loggerFactory = new Factory();
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

  /** Whether this provider is the one SLF4J bound: a SecretsTest fails when it is not. */
  public static boolean bound() {
    return org.slf4j.LoggerFactory.getILoggerFactory() instanceof Factory;
  }

  /** Starts recording every log event of this JVM, at every level, until the capture is closed. */
  public static Capture capture() {
    if (!bound()) {
      throw new IllegalStateException("SLF4J is not bound to " + RecordingLogs.class.getName()
          + " (bound: " + org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName()
          + "); set -Dslf4j.provider=" + RecordingLogs.class.getName());
    }
    return new Capture();
  }

  /** An open recording; {@link #text()} is everything logged since it opened. */
  public static final class Capture implements AutoCloseable {
    private final StringBuilder text = new StringBuilder();
    private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
    private final java.util.logging.Level julLevel = julRoot.getLevel();
    private final Handler julHandler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        String message = record.getMessage();
        Object[] parameters = record.getParameters();
        if (message != null && parameters != null && parameters.length > 0) {
          try {
            message = java.text.MessageFormat.format(message, parameters);
          } catch (IllegalArgumentException notAPattern) {
            message = message + " " + java.util.Arrays.toString(parameters);
          }
        }
        append("JUL " + record.getLevel() + " " + record.getLoggerName() + " " + message, record.getThrown());
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };

    private Capture() {
      synchronized (LOCK) {
        if (recording != null) {
          throw new IllegalStateException("a capture is already open");
        }
        recording = text;
      }
      julHandler.setLevel(java.util.logging.Level.ALL);
      julRoot.addHandler(julHandler);
      julRoot.setLevel(java.util.logging.Level.ALL);
    }

    /** Everything recorded so far. */
    public String text() {
      synchronized (LOCK) {
        return text.toString();
      }
    }

    /**
     * Everything recorded so far except the records of loggers under these names, for a vendor's
     * logger known to print a secret at DEBUG that the library cannot change (a caller documents why).
     */
    public String textWithout(String... loggerPrefixes) {
      StringBuilder kept = new StringBuilder();
      for (String record : text().split("\u001e")) {
        int level = record.indexOf(' ');
        String rest = level < 0 ? "" : record.substring(level + 1);
        boolean excluded = false;
        for (String prefix : loggerPrefixes) {
          excluded |= rest.startsWith(prefix);
        }
        if (!excluded && !record.isEmpty()) {
          kept.append('\u001e').append(record);
        }
      }
      return kept.toString();
    }

    /** How many log lines (events) were recorded: a test checks debug logging really ran. */
    public long events() {
      synchronized (LOCK) {
        return text.chars().filter(c -> c == '\u001e').count();
      }
    }

    @Override
    public void close() {
      julRoot.removeHandler(julHandler);
      julRoot.setLevel(julLevel);
      synchronized (LOCK) {
        recording = null;
      }
    }
  }

  private static void append(String line, Throwable thrown) {
    synchronized (LOCK) {
      StringBuilder target = recording;
      if (target == null) {
        return;
      }
      target.append('\u001e').append(line).append('\n');
      if (thrown != null) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        target.append(trace);
      }
    }
  }

  private static final class Factory implements ILoggerFactory {
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

    @Override
    public Logger getLogger(String name) {
      return loggers.computeIfAbsent(name, RecordingLogger::new);
    }
  }

  private static final class RecordingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    RecordingLogger(String name) {
      this.name = name;
    }

    private boolean enabled(Level level) {
      return recording != null || level.toInt() >= Level.WARN.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
        Throwable throwable) {
      String message = MessageFormatter.basicArrayFormat(pattern, arguments);
      String line = level + " " + name + " - " + message;
      if (recording != null) {
        append(line, throwable);
      } else if (level.toInt() >= Level.WARN.toInt()) {
        System.err.println("[" + Thread.currentThread().getName() + "] " + line);
        if (throwable != null) {
          throwable.printStackTrace(System.err);
        }
      }
    }
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
  }
}

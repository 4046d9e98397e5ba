package org.storagekit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.storagekit.AccessDeniedException;
import org.storagekit.FlushException;
import org.storagekit.NotFoundException;
import org.storagekit.PreconditionFailedException;
import org.storagekit.ProgressListener;
import org.storagekit.Storage;
import org.storagekit.StorageException;
import org.storagekit.StorageOptions;
import org.storagekit.Storages;
import org.storagekit.TransientException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code storage} command: one front end for every StorageKit backend on the class path.
 *
 * <p>Global options ({@code --debug}, {@code --progress}, {@code --parallel}, {@code -D},
 * {@code --config}) may be given before or after the subcommand. Output goes to the streams given
 * to {@link #execute}, so tests run the real command in process.
 */
@Command(
    name = "storage",
    mixinStandardHelpOptions = true,
    versionProvider = StorageCli.Version.class,
    usageHelpAutoWidth = true,
    description = {
      "Lists, describes, reads, writes, copies, deletes, syncs, checks, counts and presigns files in any StorageKit backend.",
      "A URI names a file or folder in a storage (s3://bucket/key, gs://bucket/key, az://container/key, "
          + "jclouds:provider://container/key, file:/path); a plain local path means file:.",
      "A file argument is the key after the last '/' in the storage at its parent location; "
          + "a folder argument (ending in '/', or a local directory) is the storage at that location."
    },
    footerHeading = "%n",
    footer = {
      "Configuration, highest precedence first:",
      "  1. -D key=value (and --parallel N for the property 'parallelism')",
      "  2. environment variables STORAGEKIT_<NAME>: the property name in upper case, its first",
      "     '.' and every '-' written '_' (STORAGEKIT_S3_PATH_STYLE is s3.path-style)",
      "  3. the config file: --config FILE, else $STORAGEKIT_CONFIG, else",
      "     ~/.config/storagekit/storage.properties if it exists (Java properties format)",
      "  4. each provider's own defaults, such as the AWS SDK's credential chain",
      "Property values are never printed.",
      "",
      "Exit codes:",
      "  0 success",
      "  1 unexpected failure (rerun with --debug)",
      "  2 usage error: options, URI, scheme, key or property",
      "  3 not found",
      "  4 access denied: check the credentials",
      "  5 transient or network failure: retry later",
      "  6 other storage error: integrity check, unsafe key, a key that is both file and folder",
      "  7 some files failed; the others were transferred (sync keeps extras)",
      "  8 not supported by this backend (see 'storage providers')",
      "  9 not confirmed; nothing was changed",
      "  10 precondition failed: the file exists (--if-not-exists); nothing was written",
      "  11 check found missing, extra or differing files",
      "  12 sync --delete stopped at --max-delete: more extras than allowed, none deleted"
    })
public final class StorageCli implements Runnable {
  /** Environment variable naming the config file. */
  static final String CONFIG_ENV = "STORAGEKIT_CONFIG";
  private static final String ENV_PREFIX = "STORAGEKIT_";

  /**
   * The subcommands, in help order. Only the one a command line names is registered: picocli
   * builds each command's model by reflection, and building all of them is most of the start time
   * of a short command such as {@code ls}.
   */
  static final List<Class<?>> COMMANDS = List.of(
      LsCommand.class, StatCommand.class, CatCommand.class, GetCommand.class, PutCommand.class, CpCommand.class,
      RmCommand.class, MvCommand.class, SyncCommand.class, CheckCommand.class, DuCommand.class,
      PresignCommand.class, ProvidersCommand.class, CommandLine.HelpCommand.class);

  /** The global options that take a value as the next argument. */
  private static final Set<String> VALUED_OPTIONS = Set.of("-D", "--config", "--parallel");

  @Spec
  private CommandSpec spec;

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Log debug detail to stderr and print stack traces of failures.")
  private boolean debug;

  @Option(names = "--progress", negatable = true, scope = ScopeType.INHERIT,
      description = "Show progress bars on stderr (default: only when stderr is a terminal).")
  private Boolean progress;

  @Option(names = "--parallel", paramLabel = "N", scope = ScopeType.INHERIT,
      description = "Transfers in flight at once (1..1024; default 8).")
  private Integer parallel;

  @Option(names = "-D", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT,
      description = "A provider property, such as -D s3.endpoint=http://127.0.0.1:9000 (repeatable).")
  private Map<String, String> properties = new LinkedHashMap<>();

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "A properties file of provider settings (default: $STORAGEKIT_CONFIG, else "
          + "~/.config/storagekit/storage.properties if it exists).")
  private Path config;

  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  /** The arguments of this run, whose {@code -D} values {@link #report} masks. */
  private String[] args = new String[0];

  StorageCli(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.env = Map.copyOf(env);
  }

  /** Runs the command and exits with its exit code. */
  public static void main(String[] args) {
    boolean debug = Arrays.asList(args).contains("--debug");
    // quiet by default: StorageKit's own warnings only (vendor SDKs log failures the CLI reports itself)
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "off");
    setDefault("org.slf4j.simpleLogger.log.org.storagekit", debug ? "debug" : "warn");
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    // vendor loggers that print credentials verbatim at DEBUG (AWS's V4 signer: the session token in
    // the canonical request; HTTP clients' header, wire and URL logs: tokens and SAS signatures) stay
    // at INFO even with --debug (issue 16 §6)
    for (String verbatim : new String[] {"software.amazon.awssdk.http.auth", "org.apache.hc.client5.http.headers",
        "org.apache.hc.client5.http.wire", "reactor.netty", "io.netty"}) {
      setDefault("org.slf4j.simpleLogger.log." + verbatim, debug ? "info" : "off");
    }
    setDefault("org.slf4j.simpleLogger.showThreadName", debug ? "true" : "false");
    setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    // UTF-8 whatever the platform charset; buffered for cat, flushed at every line for the rest
    PrintStream stdout = new PrintStream(new java.io.BufferedOutputStream(
        new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), true, StandardCharsets.UTF_8);
    int code = execute(args, System.in, stdout, System.err, System.getenv());
    stdout.flush();
    System.exit(code);
  }

  private static void setDefault(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * Runs the command with the given streams and environment, as {@code main} does.
   *
   * @return the exit code
   */
  static int execute(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    StorageCli cli = new StorageCli(in, out, err, env);
    cli.args = args.clone();
    CommandLine cmd = new CommandLine(cli);
    register(cmd, args);
    cmd.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cmd.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> cli.report(e));
    cmd.setExitCodeExceptionMapper(e -> ExitCodes.FAILURE);
    cmd.setExecutionStrategy(parseResult -> {
      try {
        cli.configFile(); // a named config file that is missing fails every command
      } catch (CliException e) {
        return cli.report(e);
      }
      try {
        return new CommandLine.RunLast().execute(parseResult);
      } catch (LinkageError e) {
        // a provider jar missing a class: say so in one line, like any other failure
        return cli.report(new CliException(ExitCodes.FAILURE, "a class is missing from the storage jar ("
            + e + "); rebuild it (bin/storage rebuilds when stale) and report this if it persists", e));
      }
    });
    cmd.setParameterExceptionHandler((e, args2) -> {
      cli.err.println("storage: " + masked(e.getMessage(), args));
      cli.err.println("Run 'storage " + (e.getCommandLine().getCommandName().equals("storage") ? ""
          : e.getCommandLine().getCommandName() + " ") + "--help' for usage.");
      return ExitCodes.USAGE;
    });
    try {
      return cmd.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * Adds the subcommand the arguments name, or every subcommand when they name none that exists
   * (no command, {@code help}, a typo): usage help and picocli's suggestions then see them all.
   */
  static void register(CommandLine cmd, String[] args) {
    String named = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (VALUED_OPTIONS.contains(a)) {
        i++;
      } else if (!a.startsWith("-")) {
        named = a;
        break;
      }
    }
    for (Class<?> c : COMMANDS) {
      Command command = c.getAnnotation(Command.class);
      if (command.name().equals(named) && !named.equals("help")) {
        cmd.addSubcommand(c);
        return;
      }
    }
    COMMANDS.forEach(cmd::addSubcommand);
  }

  /** The message with the value of every {@code -D} argument replaced by {@code ****}. */
  static String masked(String message, String[] args) {
    String result = message;
    for (String value : definitions(args)) {
      int eq = value.indexOf('=');
      String secret = eq < 0 ? value : value.substring(eq + 1);
      if (!secret.isEmpty()) {
        result = result.replace(secret, "****");
      }
    }
    return result;
  }

  /** The {@code NAME=VALUE} of every {@code -D} argument, given as {@code -D X} or {@code -DX}. */
  private static List<String> definitions(String[] args) {
    List<String> values = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-D") && i + 1 < args.length) {
        values.add(args[i + 1]);
      } else if (args[i].startsWith("-D") && args[i].length() > 2) {
        values.add(args[i].substring(2));
      }
    }
    return values;
  }

  /** Names of {@code -D} properties whose values are secrets. */
  private static final java.util.regex.Pattern SECRET_NAME =
      java.util.regex.Pattern.compile("(?i).*(secret|key|token|credential|sas|password|connection-string).*");

  /**
   * The text with the value of every {@code -D} property named like a secret (secret, key, token,
   * credential, sas, password, connection-string) replaced by {@code ****}; other values, such as
   * {@code retry.max-attempts=1}, are kept so that messages stay readable.
   */
  static String maskedSecrets(String text, String[] args) {
    String result = text;
    for (String value : definitions(args)) {
      int eq = value.indexOf('=');
      if (eq > 0 && eq + 1 < value.length() && SECRET_NAME.matcher(value.substring(0, eq)).matches()) {
        result = result.replace(value.substring(eq + 1), "****");
      }
    }
    return result;
  }

  @Override
  public void run() {
    spec.commandLine().usage(err);
    throw new CliException(ExitCodes.USAGE, "no command given; pick one of the commands above");
  }

  // ================================================================ shared by the subcommands

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  InputStream in() {
    return in;
  }

  boolean debug() {
    return debug;
  }

  /** Transfers in flight at once: {@code --parallel}, else the shared default. */
  int parallelism() {
    if (parallel != null) {
      return parallel;
    }
    String p = properties().get(StorageOptions.PARALLELISM);
    return p == null ? StorageOptions.defaults().parallelism() : StorageOptions.fromProperties(
        Map.of(StorageOptions.PARALLELISM, p)).parallelism();
  }

  /** The progress listener for transfers: a console bar on stderr, or none. */
  ProgressListener progress() {
    boolean on = progress != null ? progress : isTerminal();
    return on ? ProgressListener.console() : ProgressListener.none();
  }

  private static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Java 22+ returns a console even when redirected; isTerminal() tells the difference.
      Method isTerminal = console.getClass().getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /**
   * Opens a storage with the configured properties.
   *
   * @param write whether the command writes: a missing local folder is then created
   */
  Storage open(URI location, boolean write) {
    Map<String, String> props = properties();
    // One short-lived process: a metadata cache saves little and, kept for up to 100,000 keys per
    // storage, grew with the keys of a sync until a small heap ran out (issue 15). Off unless asked.
    props.putIfAbsent(StorageOptions.CACHE, "false");
    if ("file".equalsIgnoreCase(location.getScheme())) {
      props.put("create", Boolean.toString(write));
      Path folder = Path.of(location);
      if (!write && !Files.isDirectory(folder)) {
        throw new CliException(ExitCodes.NOT_FOUND, folder + ": no such local folder; check the path");
      }
    }
    return Storages.open(location, props);
  }

  /**
   * The provider properties, lowest precedence first: config file, {@code STORAGEKIT_*} environment
   * variables, {@code -D}, {@code --parallel}.
   */
  Map<String, String> properties() {
    Map<String, String> merged = new LinkedHashMap<>();
    Path file = configFile();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new CliException(ExitCodes.USAGE, file + ": cannot read the config file: " + e.getMessage(), e);
      }
      p.stringPropertyNames().forEach(k -> merged.put(k.trim(), p.getProperty(k).trim()));
    }
    env.forEach((k, v) -> {
      if (k.startsWith(ENV_PREFIX) && !k.equals(CONFIG_ENV) && k.length() > ENV_PREFIX.length()) {
        merged.put(propertyName(k.substring(ENV_PREFIX.length())), v);
      }
    });
    merged.putAll(properties);
    if (parallel != null) {
      merged.put(StorageOptions.PARALLELISM, Integer.toString(parallel));
    }
    return merged;
  }

  /** {@code S3_PATH_STYLE} is {@code s3.path-style}: lower case, the first '_' a '.', the others '-'. */
  static String propertyName(String envSuffix) {
    String lower = envSuffix.toLowerCase(Locale.ROOT);
    int first = lower.indexOf('_');
    if (first < 0) {
      return lower;
    }
    return lower.substring(0, first) + "." + lower.substring(first + 1).replace('_', '-');
  }

  private Path configFile() {
    if (config != null) {
      if (!Files.isRegularFile(config)) {
        throw new CliException(ExitCodes.USAGE, config + ": no such config file (given with --config)");
      }
      return config;
    }
    String fromEnv = env.get(CONFIG_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      Path p = Path.of(fromEnv);
      if (!Files.isRegularFile(p)) {
        throw new CliException(ExitCodes.USAGE, p + ": no such config file (named by " + CONFIG_ENV + ")");
      }
      return p;
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    if (home == null) {
      return null;
    }
    Path p = Path.of(home, ".config", "storagekit", "storage.properties");
    return Files.isRegularFile(p) ? p : null;
  }

  // ================================================================ failures

  /** Prints a failure as one or two lines (stack trace only with --debug) and returns its exit code. */
  int report(Exception e) {
    Throwable failure = e;
    if (failure instanceof FlushException && ((FlushException) failure).failures().size() == 1) {
      failure = ((FlushException) failure).failures().values().iterator().next();
    }
    if (failure instanceof UncheckedIOException && failure.getCause() != null) {
      failure = failure.getCause();
    }
    int code;
    String hint;
    if (failure instanceof CliException) {
      code = ((CliException) failure).exitCode();
      hint = null;
    } else if (failure instanceof NotFoundException) {
      code = ExitCodes.NOT_FOUND;
      hint = "check the name with 'storage ls' on its folder";
    } else if (failure instanceof AccessDeniedException) {
      code = ExitCodes.ACCESS_DENIED;
      hint = "check the credentials and permissions for this storage (-D, STORAGEKIT_* variables, "
          + "the config file, or the provider's own credential chain; see 'storage --help')";
    } else if (failure instanceof TransientException) {
      code = ExitCodes.TRANSIENT;
      hint = "the service or network failed for now; retry later, or check the endpoint";
    } else if (failure instanceof PreconditionFailedException) {
      code = ExitCodes.PRECONDITION;
      hint = "nothing was written: the condition on the file did not hold";
    } else if (failure instanceof StorageException) {
      code = ExitCodes.STORAGE;
      hint = null;
    } else if (failure instanceof UnsupportedOperationException) {
      code = ExitCodes.UNSUPPORTED;
      hint = "this backend lacks the capability; 'storage providers' lists what each supports";
    } else if (failure instanceof IllegalArgumentException) {
      code = ExitCodes.USAGE;
      hint = "see 'storage --help'";
    } else if (failure instanceof IOException) {
      code = ExitCodes.FAILURE;
      hint = "a local file could not be read or written";
    } else {
      code = ExitCodes.FAILURE;
      hint = "unexpected; rerun with --debug and report the stack trace";
    }
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    // the values of secret -D properties are masked wherever a failure could echo one
    err.println("storage: " + maskedSecrets(message, args));
    if (hint != null) {
      err.println("  " + hint);
    }
    if (debug) {
      java.io.StringWriter trace = new java.io.StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(maskedSecrets(trace.toString(), args));
    }
    err.flush();
    return code;
  }

  /** The version line of {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = StorageCli.class.getPackage().getImplementationVersion();
      return new String[] {"storage " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}

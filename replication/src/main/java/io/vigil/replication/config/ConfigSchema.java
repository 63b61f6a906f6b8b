package io.vigil.replication.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The directives Vigil understands, with Redis 7.0's names, aliases, argument counts, value rules and error
 * texts, turning directives into {@link ServerSettings}.
 * <p>
 * Directives are applied in order, later ones winning, and the first error stops the reading, as in Redis.
 * An unknown directive fails with {@value ConfigParser#BAD_DIRECTIVE}. A Redis directive for a feature Vigil
 * lacks (persistence and encoding tuning such as {@code appendfsync} or {@code hash-max-listpack-entries})
 * is accepted without checking its value and listed in {@link ServerSettings#ignoredDirectives()}, so that
 * a stock {@code redis.conf} loads. {@code sentinel} directives are refused outside sentinel mode and, in
 * sentinel mode, applied after everything else as Redis does (see {@link SentinelSettings}).
 * <p>
 * Trailing comments (see {@link ConfigDirective}): a line with one is read without the comment when the
 * directive's argument count allows it, and as Redis reads it (comment as arguments) otherwise; the
 * directive is listed in {@link ServerSettings#trailingCommentDirectives()} in the first case.
 * <p>
 * The schema is immutable; {@link #toBuilder()} makes a changed copy, e.g. with directives of Vigil's own.
 */
public final class ConfigSchema {

    /** Redis's reason for a single-valued directive that does not have exactly one argument. */
    public static final String WRONG_NUMBER_OF_ARGUMENTS = "wrong number of arguments";
    /** Redis's reason for a {@code sentinel} directive outside sentinel mode. */
    public static final String NOT_IN_SENTINEL_MODE = "sentinel directive while not in sentinel mode";
    /** Vigil's reason for {@code daemonize yes}. */
    public static final String DAEMONIZE_UNSUPPORTED =
            "Vigil does not daemonize: set 'daemonize no' and let a service manager run it in the background";
    /** Vigil's reason for a {@code user} line other than the one Redis's {@code CONFIG REWRITE} writes. */
    public static final String USER_UNSUPPORTED = "Vigil supports no ACL users, only the line CONFIG REWRITE "
            + "writes ('user default on nopass ~* &* +@all'); use requirepass for a password";

    /** Redis's {@code CONFIG_BINDADDR_MAX}. */
    public static final int MAX_BIND_ADDRESSES = 16;

    private static final String[] LOG_LEVELS = {"debug", "verbose", "notice", "warning", "nothing"};

    /**
     * Applies one directive's arguments to the settings.
     */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param directive the directive, its arguments already counted if the entry says how many it takes
         * @param settings  the settings being built
         * @throws InvalidValueException with the reason line to report
         */
        void apply(ConfigDirective directive, ServerSettings.Builder settings) throws InvalidValueException;
    }

    /** One directive the schema knows. */
    private record Entry(String name, Predicate<List<String>> arity, String arityReason, Handler handler,
                         boolean ignored) {
    }

    private final Map<String, Entry> entries;

    private ConfigSchema(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** The directives Vigil understands. */
    public static ConfigSchema standard() {
        return Standard.SCHEMA;
    }

    /** A builder starting from this schema's directives. */
    public Builder toBuilder() {
        return new Builder(entries);
    }

    /** Every directive name and alias the schema accepts (plus {@code sentinel}), sorted. */
    public Set<String> directiveNames() {
        Set<String> names = new TreeSet<>(entries.keySet());
        names.add("sentinel");
        return Collections.unmodifiableSet(names);
    }

    /** Whether {@code name} (any case) is a directive the schema accepts, ignored ones included. */
    public boolean knows(String name) {
        String lower = ConfigParser.toLowerAscii(name);
        return lower.equals("sentinel") || entries.containsKey(lower);
    }

    /** Whether {@code name} is a Redis directive Vigil accepts and ignores. */
    public boolean ignores(String name) {
        Entry entry = entries.get(ConfigParser.toLowerAscii(name));
        return entry != null && entry.ignored();
    }

    // ------------------------------------------------------------------ entry points

    /**
     * Reads a {@code redis-server} command line and the configuration it names, applying each directive as
     * it is read, so that errors are reported in the order Redis reports them. Relative paths are resolved
     * against the JVM's working directory; {@code -} reads {@link System#in}.
     * <p>
     * When {@link CommandLine#versionRequested()} or {@link CommandLine#helpRequested()} is set, nothing is
     * read and the settings are the defaults.
     *
     * @return the settings, with {@link ServerSettings#commandLine()} set
     */
    public ServerSettings load(String[] args) throws ConfigException {
        return load(ConfigParser.standard(), args);
    }

    /** As {@link #load(String[])}, with the given parser's working directory and standard input. */
    public ServerSettings load(ConfigParser parser, String[] args) throws ConfigException {
        Loader loader = loader(ConfigParser.sentinelModeRequested(args), parser.workingDirectory());
        CommandLine commandLine = parser.readCommandLine(args, loader);
        return loader.finish(commandLine);
    }

    /**
     * Applies a command line's directives, file first. Note that {@link ConfigParser#fromCommandLine} has
     * already read everything, so a quoting error late in the file is reported even when an earlier line
     * has a bad value; {@link #load(String[])} reports the earlier one, as Redis does.
     */
    public ServerSettings apply(CommandLine commandLine) throws ConfigException {
        Loader loader = loader(commandLine.sentinelMode(), commandLine.workingDirectory());
        for (ConfigDirective directive : commandLine.fileDirectives()) {
            loader.directive(directive, false);
        }
        for (ConfigDirective directive : commandLine.argumentDirectives()) {
            loader.directive(directive, true);
        }
        return loader.finish(commandLine);
    }

    /**
     * Applies directives in order.
     *
     * @param sentinelMode     whether to accept {@code sentinel} directives (and use sentinel defaults)
     * @param workingDirectory what a relative {@code dir} is relative to, and the default {@code dir}
     */
    public ServerSettings apply(List<ConfigDirective> directives, boolean sentinelMode, Path workingDirectory)
            throws ConfigException {
        Loader loader = loader(sentinelMode, workingDirectory);
        for (ConfigDirective directive : directives) {
            loader.directive(directive, false);
        }
        return loader.finish(null);
    }

    /** Applies directives in order, in normal mode, relative to the JVM's working directory. */
    public ServerSettings apply(List<ConfigDirective> directives) throws ConfigException {
        return apply(directives, false, Path.of("").toAbsolutePath());
    }

    /** A one-shot loader: feed it directives ({@link DirectiveListener}), then call {@link Loader#finish}. */
    public Loader loader(boolean sentinelMode, Path workingDirectory) {
        return new Loader(this, sentinelMode, workingDirectory);
    }

    /** Applies directives one at a time. Not thread-safe; used once. */
    public static final class Loader implements DirectiveListener {
        private final ConfigSchema schema;
        private final ServerSettings.Builder settings;
        private final SentinelDirectives sentinel = new SentinelDirectives();
        private boolean finished;

        private Loader(ConfigSchema schema, boolean sentinelMode, Path workingDirectory) {
            this.schema = schema;
            this.settings = ServerSettings.builder(sentinelMode, workingDirectory);
        }

        @Override
        public void directive(ConfigDirective directive, boolean fromCommandLine) throws ConfigException {
            if (finished) {
                throw new IllegalStateException("finished");
            }
            if (directive.name().equals("sentinel")) {
                sentinelDirective(directive);
                return;
            }
            Entry entry = schema.entries.get(directive.name());
            if (entry == null) {
                directive.redisReading();
                throw ConfigException.at(directive, ConfigParser.BAD_DIRECTIVE);
            }
            ConfigDirective read = directive.readingFor(entry.arity());
            if (read == null) {
                read = directive.redisReading();
                if (entry.arityReason() != null) {
                    throw ConfigException.at(directive, entry.arityReason());
                }
            }
            try {
                entry.handler().apply(read, settings);
            } catch (InvalidValueException e) {
                throw ConfigException.at(directive, e.getMessage());
            }
            if (entry.ignored()) {
                settings.ignored(read);
            }
            if (read.hadTrailingComment()) {
                settings.trailingComment(read);
            }
        }

        private void sentinelDirective(ConfigDirective directive) throws ConfigException {
            if (!settings.sentinelMode()) {
                // A bare "sentinel" line is how main() learns about sentinel mode; it is skipped here.
                ConfigDirective bare = directive.readingFor(List::isEmpty);
                if (bare == null) {
                    directive.redisReading();
                    throw ConfigException.at(directive, NOT_IN_SENTINEL_MODE);
                }
                if (bare.hadTrailingComment()) {
                    settings.trailingComment(bare);
                }
                return;
            }
            ConfigDirective read = directive.readingFor(
                    words -> words.isEmpty() || SentinelDirectives.recognized(words));
            if (read == null) {
                read = directive.redisReading();
            }
            if (read.hadTrailingComment()) {
                settings.trailingComment(read);
            }
            if (read.argumentCount() > 0) {
                sentinel.queue(read);
            }
        }

        /**
         * Ends the reading: applies the queued {@code sentinel} directives (sentinel mode) and builds the
         * settings.
         */
        public ServerSettings finish() throws ConfigException {
            return finish(null);
        }

        ServerSettings finish(CommandLine commandLine) throws ConfigException {
            if (finished) {
                throw new IllegalStateException("finished");
            }
            finished = true;
            if (settings.sentinelMode()) {
                settings.sentinel(sentinel.apply(settings.dir()));
            }
            settings.commandLine(commandLine);
            return settings.build();
        }
    }

    // ------------------------------------------------------------------ building schemas

    /** Makes a schema; directive names and aliases are case-insensitive. */
    public static final class Builder {
        private final Map<String, Entry> entries;

        private Builder(Map<String, Entry> entries) {
            this.entries = new LinkedHashMap<>(entries);
        }

        /**
         * A directive with exactly one argument (Redis's standard configurations): another count fails with
         * {@value #WRONG_NUMBER_OF_ARGUMENTS}.
         */
        public Builder single(String name, Handler handler, String... aliases) {
            return add(name, args -> args.size() == 1, WRONG_NUMBER_OF_ARGUMENTS, handler, false, aliases);
        }

        /**
         * A directive that takes several arguments; the handler checks their number and reports its own
         * reason. {@code arity} tells which counts are right, to choose how to read a line with a trailing
         * comment.
         */
        public Builder multi(String name, Predicate<List<String>> arity, Handler handler, String... aliases) {
            return add(name, arity, null, handler, false, aliases);
        }

        /**
         * A directive Vigil accepts without using it (its value is not checked); {@code arity} must accept the
         * arguments, else {@value #WRONG_NUMBER_OF_ARGUMENTS}.
         */
        public Builder ignore(String name, Predicate<List<String>> arity, String... aliases) {
            return add(name, arity, WRONG_NUMBER_OF_ARGUMENTS, (d, s) -> { }, true, aliases);
        }

        /** Removes a directive and its aliases. */
        public Builder remove(String name) {
            Entry entry = entries.get(ConfigParser.toLowerAscii(name));
            if (entry != null) {
                entries.values().removeIf(e -> e == entry);
            }
            return this;
        }

        Builder add(String name, Predicate<List<String>> arity, String arityReason, Handler handler, boolean ignored,
                    String... aliases) {
            String lower = ConfigParser.toLowerAscii(Objects.requireNonNull(name, "name"));
            if (lower.equals("sentinel")) {
                throw new IllegalArgumentException("sentinel directives are built in");
            }
            Entry entry = new Entry(lower, Objects.requireNonNull(arity, "arity"), arityReason,
                    Objects.requireNonNull(handler, "handler"), ignored);
            entries.put(lower, entry);
            for (String alias : aliases) {
                entries.put(ConfigParser.toLowerAscii(alias), entry);
            }
            return this;
        }

        public ConfigSchema build() {
            return new ConfigSchema(entries);
        }
    }

    // ------------------------------------------------------------------ the standard directives

    /** Vigil's directives, defined once. */
    private static final class Standard {
        static final ConfigSchema SCHEMA = build();

        private static ConfigSchema build() {
            Builder b = new Builder(Map.of());
            // Network and clients.
            b.multi("bind", args -> args.size() <= MAX_BIND_ADDRESSES, Standard::bind);
            b.single("port", (d, s) -> s.port((int) integer(d, 0, 65535)));
            b.single("protected-mode", (d, s) -> s.protectedMode(yesNo(d)));
            b.single("requirepass", (d, s) -> s.requirePass(d.argument(0)));
            b.single("maxclients", (d, s) -> s.maxClients(integer(d, 1, 4294967295L)));
            b.single("timeout", (d, s) -> s.timeout((int) integer(d, 0, Integer.MAX_VALUE)));
            b.single("tcp-backlog", (d, s) -> s.tcpBacklog((int) integer(d, 0, Integer.MAX_VALUE)));
            b.single("proto-max-bulk-len",
                    (d, s) -> s.protoMaxBulkLen(ConfigValues.parseMemory(d.argument(0), 1024 * 1024, Long.MAX_VALUE)));
            b.multi("client-output-buffer-limit", args -> args.size() % 4 == 0, Standard::clientOutputBufferLimit);
            // Process.
            b.single("daemonize", (d, s) -> {
                if (yesNo(d)) {
                    throw new InvalidValueException(DAEMONIZE_UNSUPPORTED);
                }
            });
            b.single("logfile", (d, s) -> s.logFile(d.argument(0)));
            b.single("loglevel", (d, s) -> s.logLevel(ServerSettings.LogLevel.valueOf(
                    ConfigValues.parseEnum(d.argument(0), List.of(LOG_LEVELS)).toUpperCase(Locale.ROOT))));
            b.single("hz", (d, s) -> s.hz((int) integer(d, 0, Integer.MAX_VALUE)));
            b.single("dir", Standard::dir);
            // Persistence.
            b.single("dbfilename", (d, s) -> {
                String name = d.argument(0);
                if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
                    throw new InvalidValueException("dbfilename can't be a path, just a filename");
                }
                s.dbFilename(name);
            });
            b.multi("save", args -> args.size() % 2 == 0 || (args.size() == 1 && args.get(0).isEmpty()),
                    Standard::save);
            b.single("appendonly", (d, s) -> s.appendOnly(yesNo(d)));
            // Replication.
            b.multi("replicaof", args -> args.size() == 2, Standard::replicaOf, "slaveof");
            b.single("replica-read-only", (d, s) -> s.replicaReadOnly(yesNo(d)), "slave-read-only");
            b.single("masterauth", (d, s) -> s.masterAuth(d.argument(0)));
            b.single("masteruser", (d, s) -> s.masterUser(d.argument(0)));
            b.single("repl-backlog-size",
                    (d, s) -> s.replBacklogSize(ConfigValues.parseMemory(d.argument(0), 1, Long.MAX_VALUE)));
            b.single("repl-ping-replica-period",
                    (d, s) -> s.replPingReplicaPeriod((int) integer(d, 1, Integer.MAX_VALUE)), "repl-ping-slave-period");
            b.single("repl-timeout", (d, s) -> s.replTimeout((int) integer(d, 1, Integer.MAX_VALUE)));
            b.single("repl-diskless-sync", (d, s) -> s.replDisklessSync(yesNo(d)));
            b.single("min-replicas-to-write",
                    (d, s) -> s.minReplicasToWrite((int) integer(d, 0, Integer.MAX_VALUE)), "min-slaves-to-write");
            b.single("replica-priority",
                    (d, s) -> s.replicaPriority((int) integer(d, 0, Integer.MAX_VALUE)), "slave-priority");
            // Read by the parser; nothing to apply.
            b.add("include", args -> args.size() == 1, ConfigParser.BAD_DIRECTIVE, (d, s) -> { }, false);
            // The line CONFIG REWRITE writes in Redis 7 (e.g. in sentinel.conf).
            b.add("user", args -> !args.isEmpty(), ConfigParser.BAD_DIRECTIVE, Standard::user, false);
            ignored(b);
            return b.build();
        }

        /** Redis 7.0 directives of features Vigil does not have: accepted, value unchecked. */
        private static void ignored(Builder b) {
            Predicate<List<String>> one = args -> args.size() == 1;
            Predicate<List<String>> any = args -> true;
            for (String name : List.of("tcp-keepalive", "supervised", "pidfile", "databases", "always-show-logo",
                    "set-proc-title", "proc-title-template", "stop-writes-on-bgsave-error", "rdbcompression",
                    "rdbchecksum", "rdb-del-sync-files", "repl-diskless-sync-delay",
                    "repl-diskless-sync-max-replicas", "repl-diskless-load", "repl-disable-tcp-nodelay",
                    "acllog-max-len", "lazyfree-lazy-eviction", "lazyfree-lazy-expire", "lazyfree-lazy-server-del",
                    "lazyfree-lazy-user-del", "lazyfree-lazy-user-flush", "oom-score-adj", "disable-thp",
                    "appendfilename", "appenddirname", "appendfsync", "no-appendfsync-on-rewrite",
                    "auto-aof-rewrite-percentage", "auto-aof-rewrite-min-size", "aof-load-truncated",
                    "aof-use-rdb-preamble", "aof-timestamp-enabled", "aof-rewrite-incremental-fsync",
                    "rdb-save-incremental-fsync", "slowlog-log-slower-than", "slowlog-max-len",
                    "latency-monitor-threshold", "notify-keyspace-events", "list-compress-depth",
                    "set-max-intset-entries", "hll-sparse-max-bytes", "stream-node-max-bytes",
                    "stream-node-max-entries", "activerehashing", "dynamic-hz", "jemalloc-bg-thread")) {
                b.ignore(name, one);
            }
            b.ignore("replica-serve-stale-data", one, "slave-serve-stale-data");
            b.ignore("replica-lazy-flush", one, "slave-lazy-flush");
            b.ignore("hash-max-listpack-entries", one, "hash-max-ziplist-entries");
            b.ignore("hash-max-listpack-value", one, "hash-max-ziplist-value");
            b.ignore("list-max-listpack-size", one, "list-max-ziplist-size");
            b.ignore("zset-max-listpack-entries", one, "zset-max-ziplist-entries");
            b.ignore("zset-max-listpack-value", one, "zset-max-ziplist-value");
            b.ignore("oom-score-adj-values", any);
            b.ignore("latency-tracking-info-percentiles", any);
            // Redis 7.0's deprecated_configs, accepted and ignored by Redis itself.
            b.ignore("list-max-ziplist-entries", one);
            b.ignore("list-max-ziplist-value", one);
            b.ignore("lua-replicate-commands", one);
        }

        private static boolean yesNo(ConfigDirective d) throws InvalidValueException {
            return ConfigValues.parseYesNo(d.argument(0));
        }

        private static long integer(ConfigDirective d, long min, long max) throws InvalidValueException {
            return ConfigValues.parseInteger(d.argument(0), min, max);
        }

        /** Redis's {@code setConfigBindOption}. */
        private static void bind(ConfigDirective d, ServerSettings.Builder s) throws InvalidValueException {
            List<String> args = d.arguments();
            if (args.size() > MAX_BIND_ADDRESSES) {
                throw new InvalidValueException("Too many bind addresses specified.");
            }
            if (args.size() == 1 && args.get(0).isEmpty()) {
                args = List.of();
            }
            s.bind(args);
        }

        /** Redis's {@code setConfigDirOption}: a {@code chdir}, which Vigil checks without doing it. */
        private static void dir(ConfigDirective d, ServerSettings.Builder s) throws InvalidValueException {
            String value = d.argument(0);
            Path path;
            try {
                path = value.isEmpty() ? null : s.dir().resolve(value).normalize();
            } catch (InvalidPathException e) {
                path = null;
            }
            if (path == null) {
                throw new InvalidValueException("No such file or directory");
            }
            if (!Files.exists(path)) {
                for (Path parent = path.getParent(); parent != null; parent = parent.getParent()) {
                    if (Files.exists(parent)) {
                        if (!Files.isDirectory(parent)) {
                            throw new InvalidValueException("Not a directory");
                        }
                        break;
                    }
                }
                throw new InvalidValueException("No such file or directory");
            }
            if (!Files.isDirectory(path)) {
                throw new InvalidValueException("Not a directory");
            }
            if (!Files.isExecutable(path)) {
                throw new InvalidValueException("Permission denied");
            }
            s.dir(path);
        }

        /** Redis's {@code setConfigSaveOption} while reading a configuration. */
        private static void save(ConfigDirective d, ServerSettings.Builder s) throws InvalidValueException {
            List<String> args = d.arguments();
            if (args.size() == 1 && args.get(0).isEmpty()) {
                s.clearSavePoints();
                return;
            }
            if (args.size() % 2 == 1) {
                throw new InvalidValueException("Invalid save parameters");
            }
            List<ServerSettings.SavePoint> points = new ArrayList<>();
            for (int j = 0; j < args.size(); j += 2) {
                ConfigValues.CNumber seconds = ConfigValues.strtol(args.get(j));
                ConfigValues.CNumber changes = ConfigValues.strtol(args.get(j + 1));
                if (!seconds.fullyConsumed() || seconds.value() < 1
                        || !changes.fullyConsumed() || changes.value() < 0) {
                    throw new InvalidValueException("Invalid save parameters");
                }
                // Redis keeps the number of changes in an int.
                points.add(new ServerSettings.SavePoint(seconds.value(), (int) changes.value()));
            }
            s.addSavePoints(points);
        }

        /** Redis's {@code setConfigReplicaOfOption}. */
        private static void replicaOf(ConfigDirective d, ServerSettings.Builder s) throws InvalidValueException {
            List<String> args = d.arguments();
            if (args.size() != 2) {
                throw new InvalidValueException(WRONG_NUMBER_OF_ARGUMENTS);
            }
            if (ConfigParser.equalsIgnoreCaseAscii(args.get(0), "no")
                    && ConfigParser.equalsIgnoreCaseAscii(args.get(1), "one")) {
                s.replicaOf(null);
                return;
            }
            ConfigValues.CNumber port = ConfigValues.strtol(args.get(1));
            // Redis keeps the port in an int.
            int masterPort = (int) port.value();
            if (masterPort < 0 || masterPort > 65535 || !port.fullyConsumed()) {
                throw new InvalidValueException("Invalid master port");
            }
            s.replicaOf(new ServerSettings.HostPort(args.get(0), masterPort));
        }

        /** Redis's {@code updateClientOutputBufferLimit}: all classes are checked before any is set. */
        private static void clientOutputBufferLimit(ConfigDirective d, ServerSettings.Builder s)
                throws InvalidValueException {
            List<String> args = d.arguments();
            if (args.size() % 4 != 0) {
                throw new InvalidValueException("Wrong number of arguments in buffer limit configuration.");
            }
            Map<ServerSettings.ClientClass, ServerSettings.OutputBufferLimit> values = new LinkedHashMap<>();
            for (int j = 0; j < args.size(); j += 4) {
                ServerSettings.ClientClass clientClass = switch (ConfigParser.toLowerAscii(args.get(j))) {
                    case "normal" -> ServerSettings.ClientClass.NORMAL;
                    case "replica", "slave" -> ServerSettings.ClientClass.REPLICA;
                    case "pubsub" -> ServerSettings.ClientClass.PUBSUB;
                    default -> null;
                };
                if (clientClass == null) {
                    throw new InvalidValueException("Invalid client class specified in buffer limit configuration.");
                }
                var hard = ConfigValues.memoryToBytes(args.get(j + 1));
                var soft = ConfigValues.memoryToBytes(args.get(j + 2));
                ConfigValues.CNumber seconds = ConfigValues.strtol(args.get(j + 3));
                // Redis keeps the seconds in an int.
                int softSeconds = (int) seconds.value();
                if (hard.isEmpty() || soft.isEmpty() || softSeconds < 0 || !seconds.fullyConsumed()) {
                    throw new InvalidValueException(
                            "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
                }
                values.put(clientClass, new ServerSettings.OutputBufferLimit(hard.getAsLong(), soft.getAsLong(),
                        softSeconds));
            }
            values.forEach(s::clientOutputBufferLimit);
        }

        /** Accepts only the default-user line Redis's CONFIG REWRITE writes. */
        private static void user(ConfigDirective d, ServerSettings.Builder s) throws InvalidValueException {
            List<String> args = new ArrayList<>(d.arguments());
            args.removeIf(a -> ConfigParser.equalsIgnoreCaseAscii(a, "sanitize-payload"));
            List<String> lower = new ArrayList<>();
            for (String a : args) {
                lower.add(ConfigParser.toLowerAscii(a));
            }
            if (!lower.equals(List.of("default", "on", "nopass", "~*", "&*", "+@all"))) {
                throw new InvalidValueException(USER_UNSUPPORTED);
            }
            s.ignored(d);
        }
    }
}

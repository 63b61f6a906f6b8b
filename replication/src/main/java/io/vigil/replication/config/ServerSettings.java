package io.vigil.replication.config;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server settings a configuration produces: typed, immutable, with Redis 7.0's defaults except where
 * noted ({@link #bind()}).
 * <p>
 * Made by {@link ConfigSchema}; {@link Builder} is public so that directives added to the schema can set
 * values ({@link Builder#putExtra(String, Object)} for values of their own).
 */
public final class ServerSettings {

    /** Redis's default port. */
    public static final int DEFAULT_PORT = 6379;
    /** Redis's default port in sentinel mode. */
    public static final int DEFAULT_SENTINEL_PORT = 26379;
    /** Vigil's default bind address (Redis 7 binds {@code * -::*} when no {@code bind} is given). */
    public static final String DEFAULT_BIND = "127.0.0.1";

    /** {@code loglevel} values. {@code nothing} is Redis 7.2's; Redis 7.0 knows only the first four. */
    public enum LogLevel {
        DEBUG, VERBOSE, NOTICE, WARNING, NOTHING;

        /** The configuration spelling, e.g. {@code notice}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A {@code save <seconds> <changes>} point: snapshot after {@code seconds} if at least {@code changes} writes. */
    public record SavePoint(long seconds, long changes) {
    }

    /** A host and port, e.g. the master of {@code replicaof}. */
    public record HostPort(String host, int port) {
        public HostPort {
            Objects.requireNonNull(host, "host");
        }
    }

    /** The client classes of {@code client-output-buffer-limit} ({@code slave} is another name for replica). */
    public enum ClientClass {
        NORMAL, REPLICA, PUBSUB
    }

    /**
     * A {@code client-output-buffer-limit} class setting; 0 disables a limit.
     *
     * @param hardLimitBytes    disconnect at once above this
     * @param softLimitBytes    disconnect when above this for {@code softLimitSeconds}
     * @param softLimitSeconds  how long the soft limit may be exceeded
     */
    public record OutputBufferLimit(long hardLimitBytes, long softLimitBytes, long softLimitSeconds) {
    }

    private final List<String> bind;
    private final boolean bindConfigured;
    private final int port;
    private final boolean protectedMode;
    private final Optional<String> requirePass;
    private final String logFile;
    private final LogLevel logLevel;
    private final long maxClients;
    private final int timeout;
    private final int tcpBacklog;
    private final Path dir;
    private final String dbFilename;
    private final List<SavePoint> savePoints;
    private final boolean appendOnly;
    private final long replBacklogSize;
    private final long protoMaxBulkLen;
    private final int hz;
    private final Optional<HostPort> replicaOf;
    private final boolean replicaReadOnly;
    private final Optional<String> masterAuth;
    private final Optional<String> masterUser;
    private final int replPingReplicaPeriod;
    private final int replTimeout;
    private final boolean replDisklessSync;
    private final int minReplicasToWrite;
    private final int replicaPriority;
    private final Map<ClientClass, OutputBufferLimit> clientOutputBufferLimits;
    private final boolean sentinelMode;
    private final Optional<SentinelSettings> sentinel;
    private final List<ConfigDirective> ignoredDirectives;
    private final List<ConfigDirective> trailingCommentDirectives;
    private final Map<String, Object> extras;
    private final Optional<CommandLine> commandLine;

    private ServerSettings(Builder b) {
        this.bind = List.copyOf(b.bind);
        this.bindConfigured = b.bindConfigured;
        this.port = b.port;
        this.protectedMode = b.protectedMode;
        this.requirePass = Optional.ofNullable(b.requirePass);
        this.logFile = b.logFile;
        this.logLevel = b.logLevel;
        this.maxClients = b.maxClients;
        this.timeout = b.timeout;
        this.tcpBacklog = b.tcpBacklog;
        this.dir = b.dir;
        this.dbFilename = b.dbFilename;
        this.savePoints = List.copyOf(b.savePoints);
        this.appendOnly = b.appendOnly;
        this.replBacklogSize = b.replBacklogSize;
        this.protoMaxBulkLen = b.protoMaxBulkLen;
        this.hz = Math.max(1, Math.min(500, b.hz));
        this.replicaOf = Optional.ofNullable(b.replicaOf);
        this.replicaReadOnly = b.replicaReadOnly;
        this.masterAuth = Optional.ofNullable(b.masterAuth);
        this.masterUser = Optional.ofNullable(b.masterUser);
        this.replPingReplicaPeriod = b.replPingReplicaPeriod;
        this.replTimeout = b.replTimeout;
        this.replDisklessSync = b.replDisklessSync;
        this.minReplicasToWrite = b.minReplicasToWrite;
        this.replicaPriority = b.replicaPriority;
        this.clientOutputBufferLimits = Collections.unmodifiableMap(new EnumMap<>(b.clientOutputBufferLimits));
        this.sentinelMode = b.sentinelMode;
        this.sentinel = Optional.ofNullable(b.sentinel);
        this.ignoredDirectives = List.copyOf(b.ignoredDirectives);
        this.trailingCommentDirectives = List.copyOf(b.trailingCommentDirectives);
        this.extras = Collections.unmodifiableMap(new LinkedHashMap<>(b.extras));
        this.commandLine = Optional.ofNullable(b.commandLine);
    }

    /** A builder holding the defaults, for normal or sentinel mode, with {@code dir} at {@code workingDirectory}. */
    public static Builder builder(boolean sentinelMode, Path workingDirectory) {
        return new Builder(sentinelMode, workingDirectory);
    }

    /** The defaults alone (normal mode, {@code dir} at the JVM's working directory). */
    public static ServerSettings defaults() {
        return builder(false, Path.of("").toAbsolutePath()).build();
    }

    /**
     * {@code bind}: the addresses to listen on. Vigil's default is {@value #DEFAULT_BIND} only, where Redis
     * 7's is all interfaces ({@code * -::*}); see {@link #bindConfigured()}. An empty list ({@code bind ""}
     * or {@code bind} alone, which Redis accepts) means no TCP listener.
     */
    public List<String> bind() {
        return bind;
    }

    /** Whether a {@code bind} directive was given (otherwise {@link #bind()} is Vigil's default). */
    public boolean bindConfigured() {
        return bindConfigured;
    }

    /** {@code port} (default 6379; 26379 in sentinel mode); 0 means no TCP listener. */
    public int port() {
        return port;
    }

    /** {@code protected-mode} (default yes; no in sentinel mode, as Redis's {@code initSentinelConfig} sets). */
    public boolean protectedMode() {
        return protectedMode;
    }

    /** {@code requirepass}, if set to a non-empty value. */
    public Optional<String> requirePass() {
        return requirePass;
    }

    /** {@code logfile}; empty (the default) means standard output. Relative to {@link #dir()}. */
    public String logFile() {
        return logFile;
    }

    /** {@code loglevel} (default notice). */
    public LogLevel logLevel() {
        return logLevel;
    }

    /** {@code maxclients} (default 10000). */
    public long maxClients() {
        return maxClients;
    }

    /** {@code timeout}: seconds before an idle client is closed; 0 (the default) never. */
    public int timeout() {
        return timeout;
    }

    /** {@code tcp-backlog} (default 511). */
    public int tcpBacklog() {
        return tcpBacklog;
    }

    /**
     * {@code dir}, absolute: the working directory Redis would {@code chdir} to (default: the directory the
     * configuration was read from, i.e. the JVM's or the parser's working directory). Relative file names
     * ({@link #dbFilename()}, {@link #logFile()}) are relative to it.
     */
    public Path dir() {
        return dir;
    }

    /** {@code dbfilename} (default {@code dump.rdb}), a file name in {@link #dir()}. */
    public String dbFilename() {
        return dbFilename;
    }

    /**
     * {@code save}: the snapshot points (default 3600 1, 300 100, 60 10000). The first {@code save} line
     * replaces the defaults, later ones add points; {@code save ""} clears them. Empty means no snapshots.
     */
    public List<SavePoint> savePoints() {
        return savePoints;
    }

    /** {@code appendonly} (default no). */
    public boolean appendOnly() {
        return appendOnly;
    }

    /** {@code repl-backlog-size} in bytes (default 1mb). */
    public long replBacklogSize() {
        return replBacklogSize;
    }

    /** {@code proto-max-bulk-len} in bytes (default 512mb). */
    public long protoMaxBulkLen() {
        return protoMaxBulkLen;
    }

    /** {@code hz} (default 10), brought into 1-500 as Redis does after reading the configuration. */
    public int hz() {
        return hz;
    }

    /** {@code replicaof}/{@code slaveof}: the master to replicate, if any ({@code replicaof no one} clears it). */
    public Optional<HostPort> replicaOf() {
        return replicaOf;
    }

    /** {@code replica-read-only}/{@code slave-read-only} (default yes). */
    public boolean replicaReadOnly() {
        return replicaReadOnly;
    }

    /** {@code masterauth}, if set to a non-empty value. */
    public Optional<String> masterAuth() {
        return masterAuth;
    }

    /** {@code masteruser}, if set to a non-empty value. */
    public Optional<String> masterUser() {
        return masterUser;
    }

    /** {@code repl-ping-replica-period} in seconds (default 10). */
    public int replPingReplicaPeriod() {
        return replPingReplicaPeriod;
    }

    /** {@code repl-timeout} in seconds (default 60). */
    public int replTimeout() {
        return replTimeout;
    }

    /** {@code repl-diskless-sync} (default yes in Redis 7). */
    public boolean replDisklessSync() {
        return replDisklessSync;
    }

    /** {@code min-replicas-to-write} (default 0, disabled). */
    public int minReplicasToWrite() {
        return minReplicasToWrite;
    }

    /** {@code replica-priority}/{@code slave-priority} (default 100; 0 never promoted). */
    public int replicaPriority() {
        return replicaPriority;
    }

    /**
     * {@code client-output-buffer-limit} for every class (defaults: normal 0 0 0, replica 256mb 64mb 60,
     * pubsub 32mb 8mb 60).
     */
    public Map<ClientClass, OutputBufferLimit> clientOutputBufferLimits() {
        return clientOutputBufferLimits;
    }

    /** The limit for one class. */
    public OutputBufferLimit clientOutputBufferLimit(ClientClass clientClass) {
        return clientOutputBufferLimits.get(clientClass);
    }

    /** Whether the configuration was read in sentinel mode. */
    public boolean sentinelMode() {
        return sentinelMode;
    }

    /** The sentinel settings, present in sentinel mode. */
    public Optional<SentinelSettings> sentinel() {
        return sentinel;
    }

    /**
     * Redis directives that Vigil accepts and ignores (tuning knobs of features Vigil does not have, e.g.
     * {@code hash-max-listpack-entries}), in order; the launcher may log them.
     */
    public List<ConfigDirective> ignoredDirectives() {
        return ignoredDirectives;
    }

    /**
     * The directives read with a trailing comment, which Redis 7 would refuse; the launcher should warn about
     * each (see {@link ConfigDirective#hadTrailingComment()}).
     */
    public List<ConfigDirective> trailingCommentDirectives() {
        return trailingCommentDirectives;
    }

    /** Values set by directives added to the schema, by key. Unmodifiable. */
    public Map<String, Object> extras() {
        return extras;
    }

    /** The extra value under {@code key}, if present and of the given type. */
    public <T> Optional<T> extra(String key, Class<T> type) {
        Object value = extras.get(key);
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }

    /** The command line the settings were read from, when they were read by {@link ConfigSchema#load}. */
    public Optional<CommandLine> commandLine() {
        return commandLine;
    }

    /**
     * Redis's check, right after reading the configuration, that the log file can be opened for appending
     * (which creates it). Not done while reading, so that reading has no side effects; the launcher calls it.
     *
     * @throws ConfigException Redis's error without a line: {@code Can't open the log file: <reason>}
     */
    public void checkLogFile() throws ConfigException {
        if (logFile.isEmpty()) {
            return;
        }
        Path path = dir.resolve(logFile);
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.flush();
        } catch (IOException e) {
            throw ConfigException.withoutLine("Can't open the log file: " + ConfigParser.systemError(e));
        }
    }

    @Override
    public String toString() {
        return "ServerSettings{bind=" + bind + ", port=" + port + ", protectedMode=" + protectedMode
                + ", requirePass=" + requirePass.map(p -> "***") + ", logFile=" + logFile + ", logLevel="
                + logLevel.configName() + ", maxClients=" + maxClients + ", timeout=" + timeout + ", dir=" + dir
                + ", dbFilename=" + dbFilename + ", savePoints=" + savePoints + ", appendOnly=" + appendOnly
                + ", replBacklogSize=" + replBacklogSize + ", hz=" + hz + ", replicaOf=" + replicaOf
                + ", masterAuth=" + masterAuth.map(p -> "***") + ", sentinelMode=" + sentinelMode + "}";
    }

    /** Collects settings while a configuration is applied. Starts with the defaults. */
    public static final class Builder {
        private List<String> bind = List.of(DEFAULT_BIND);
        private boolean bindConfigured;
        private int port;
        private boolean protectedMode;
        private String requirePass;
        private String logFile = "";
        private LogLevel logLevel = LogLevel.NOTICE;
        private long maxClients = 10_000;
        private int timeout = 0;
        private int tcpBacklog = 511;
        private Path dir;
        private String dbFilename = "dump.rdb";
        private final List<SavePoint> savePoints = new ArrayList<>(List.of(
                new SavePoint(3600, 1), new SavePoint(300, 100), new SavePoint(60, 10_000)));
        private boolean saveLoaded;
        private boolean appendOnly;
        private long replBacklogSize = 1024 * 1024;
        private long protoMaxBulkLen = 512L * 1024 * 1024;
        private int hz = 10;
        private HostPort replicaOf;
        private boolean replicaReadOnly = true;
        private String masterAuth;
        private String masterUser;
        private int replPingReplicaPeriod = 10;
        private int replTimeout = 60;
        private boolean replDisklessSync = true;
        private int minReplicasToWrite = 0;
        private int replicaPriority = 100;
        private final Map<ClientClass, OutputBufferLimit> clientOutputBufferLimits = new EnumMap<>(Map.of(
                ClientClass.NORMAL, new OutputBufferLimit(0, 0, 0),
                ClientClass.REPLICA, new OutputBufferLimit(256L * 1024 * 1024, 64L * 1024 * 1024, 60),
                ClientClass.PUBSUB, new OutputBufferLimit(32L * 1024 * 1024, 8L * 1024 * 1024, 60)));
        private final boolean sentinelMode;
        private SentinelSettings sentinel;
        private final List<ConfigDirective> ignoredDirectives = new ArrayList<>();
        private final List<ConfigDirective> trailingCommentDirectives = new ArrayList<>();
        private final Map<String, Object> extras = new LinkedHashMap<>();
        private CommandLine commandLine;

        private Builder(boolean sentinelMode, Path workingDirectory) {
            this.sentinelMode = sentinelMode;
            this.port = sentinelMode ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
            this.protectedMode = !sentinelMode;
            this.dir = workingDirectory.toAbsolutePath().normalize();
            if (sentinelMode) {
                this.sentinel = SentinelSettings.empty();
            }
        }

        /** Whether the settings are read in sentinel mode. */
        public boolean sentinelMode() {
            return sentinelMode;
        }

        /** The current {@code dir}, against which relative paths in later directives resolve. */
        public Path dir() {
            return dir;
        }

        public Builder bind(List<String> addresses) {
            this.bind = List.copyOf(addresses);
            this.bindConfigured = true;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder protectedMode(boolean protectedMode) {
            this.protectedMode = protectedMode;
            return this;
        }

        /** Sets {@code requirepass}; null or empty clears it. */
        public Builder requirePass(String password) {
            this.requirePass = password == null || password.isEmpty() ? null : password;
            return this;
        }

        public Builder logFile(String logFile) {
            this.logFile = Objects.requireNonNull(logFile, "logFile");
            return this;
        }

        public Builder logLevel(LogLevel logLevel) {
            this.logLevel = Objects.requireNonNull(logLevel, "logLevel");
            return this;
        }

        public Builder maxClients(long maxClients) {
            this.maxClients = maxClients;
            return this;
        }

        public Builder timeout(int timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder tcpBacklog(int tcpBacklog) {
            this.tcpBacklog = tcpBacklog;
            return this;
        }

        public Builder dir(Path dir) {
            this.dir = dir.toAbsolutePath().normalize();
            return this;
        }

        public Builder dbFilename(String dbFilename) {
            this.dbFilename = Objects.requireNonNull(dbFilename, "dbFilename");
            return this;
        }

        /**
         * Applies one {@code save} directive's points as Redis does while reading a configuration: the first
         * {@code save} directive replaces the defaults, later ones add to them.
         */
        public Builder addSavePoints(List<SavePoint> points) {
            if (!saveLoaded) {
                saveLoaded = true;
                savePoints.clear();
            }
            savePoints.addAll(points);
            return this;
        }

        /** {@code save ""}: no snapshot points. */
        public Builder clearSavePoints() {
            saveLoaded = true;
            savePoints.clear();
            return this;
        }

        public Builder appendOnly(boolean appendOnly) {
            this.appendOnly = appendOnly;
            return this;
        }

        public Builder replBacklogSize(long bytes) {
            this.replBacklogSize = bytes;
            return this;
        }

        public Builder protoMaxBulkLen(long bytes) {
            this.protoMaxBulkLen = bytes;
            return this;
        }

        /** Sets {@code hz}; {@link #build()} brings it into 1-500. */
        public Builder hz(int hz) {
            this.hz = hz;
            return this;
        }

        /** Sets the master to replicate; null for {@code replicaof no one}. */
        public Builder replicaOf(HostPort master) {
            this.replicaOf = master;
            return this;
        }

        public Builder replicaReadOnly(boolean readOnly) {
            this.replicaReadOnly = readOnly;
            return this;
        }

        /** Sets {@code masterauth}; null or empty clears it. */
        public Builder masterAuth(String password) {
            this.masterAuth = password == null || password.isEmpty() ? null : password;
            return this;
        }

        /** Sets {@code masteruser}; null or empty clears it. */
        public Builder masterUser(String user) {
            this.masterUser = user == null || user.isEmpty() ? null : user;
            return this;
        }

        public Builder replPingReplicaPeriod(int seconds) {
            this.replPingReplicaPeriod = seconds;
            return this;
        }

        public Builder replTimeout(int seconds) {
            this.replTimeout = seconds;
            return this;
        }

        public Builder replDisklessSync(boolean disklessSync) {
            this.replDisklessSync = disklessSync;
            return this;
        }

        public Builder minReplicasToWrite(int count) {
            this.minReplicasToWrite = count;
            return this;
        }

        public Builder replicaPriority(int priority) {
            this.replicaPriority = priority;
            return this;
        }

        public Builder clientOutputBufferLimit(ClientClass clientClass, OutputBufferLimit limit) {
            this.clientOutputBufferLimits.put(Objects.requireNonNull(clientClass, "clientClass"),
                    Objects.requireNonNull(limit, "limit"));
            return this;
        }

        /** Stores a value of a directive added to the schema; read back with {@link ServerSettings#extra}. */
        public Builder putExtra(String key, Object value) {
            this.extras.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The extra value stored under {@code key} so far, if any. */
        public Optional<Object> extra(String key) {
            return Optional.ofNullable(extras.get(key));
        }

        Builder sentinel(SentinelSettings sentinel) {
            this.sentinel = sentinel;
            return this;
        }

        Builder ignored(ConfigDirective directive) {
            ignoredDirectives.add(directive);
            return this;
        }

        Builder trailingComment(ConfigDirective directive) {
            trailingCommentDirectives.add(directive);
            return this;
        }

        Builder commandLine(CommandLine commandLine) {
            this.commandLine = commandLine;
            return this;
        }

        /** The immutable settings. */
        public ServerSettings build() {
            return new ServerSettings(this);
        }
    }
}

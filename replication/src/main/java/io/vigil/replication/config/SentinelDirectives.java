package io.vigil.replication.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code sentinel ...} lines of a sentinel-mode configuration. Redis queues them while it reads the
 * configuration and applies them afterwards, in three passes (settings that masters depend on, then
 * {@code monitor} lines, then everything else), each pass in file order; the first error stops it.
 */
final class SentinelDirectives {

    static final String UNRECOGNIZED = "Unrecognized sentinel configuration statement.";
    static final String NO_SUCH_MASTER = "No such master with specified name.";
    static final String NOT_POSITIVE_TIME = "negative or zero time parameter.";

    /** Redis's {@code preMonitorCfgName}. */
    private static final Set<String> PRE_MONITOR = Set.of("announce-ip", "announce-port", "deny-scripts-reconfig",
            "sentinel-user", "sentinel-pass", "current-epoch", "myid", "resolve-hostnames", "announce-hostnames");

    /** The number of words (subcommand included) each statement takes. */
    private static final Map<String, Set<Integer>> ARITY = Map.ofEntries(
            Map.entry("monitor", Set.of(5)),
            Map.entry("down-after-milliseconds", Set.of(3)),
            Map.entry("failover-timeout", Set.of(3)),
            Map.entry("parallel-syncs", Set.of(3)),
            Map.entry("notification-script", Set.of(3)),
            Map.entry("client-reconfig-script", Set.of(3)),
            Map.entry("auth-pass", Set.of(3)),
            Map.entry("auth-user", Set.of(3)),
            Map.entry("current-epoch", Set.of(2)),
            Map.entry("myid", Set.of(2)),
            Map.entry("config-epoch", Set.of(3)),
            Map.entry("leader-epoch", Set.of(3)),
            Map.entry("known-slave", Set.of(4)),
            Map.entry("known-replica", Set.of(4)),
            Map.entry("known-sentinel", Set.of(4, 5)),
            Map.entry("rename-command", Set.of(4)),
            Map.entry("announce-ip", Set.of(2)),
            Map.entry("announce-port", Set.of(2)),
            Map.entry("deny-scripts-reconfig", Set.of(2)),
            Map.entry("sentinel-user", Set.of(2)),
            Map.entry("sentinel-pass", Set.of(2)),
            Map.entry("resolve-hostnames", Set.of(2)),
            Map.entry("announce-hostnames", Set.of(2)),
            Map.entry("master-reboot-down-after-period", Set.of(3)));

    private final List<ConfigDirective> preMonitor = new ArrayList<>();
    private final List<ConfigDirective> monitor = new ArrayList<>();
    private final List<ConfigDirective> postMonitor = new ArrayList<>();

    /** Whether {@code words} (subcommand first) is a statement Redis recognizes, by name and word count. */
    static boolean recognized(List<String> words) {
        if (words.isEmpty()) {
            return true;
        }
        Set<Integer> counts = ARITY.get(ConfigParser.toLowerAscii(words.get(0)));
        return counts != null && counts.contains(words.size());
    }

    /** Queues a {@code sentinel} directive with at least one argument (Redis's {@code queueSentinelConfig}). */
    void queue(ConfigDirective directive) {
        String statement = ConfigParser.toLowerAscii(directive.argument(0));
        if (statement.equals("monitor")) {
            monitor.add(directive);
        } else if (PRE_MONITOR.contains(statement)) {
            preMonitor.add(directive);
        } else {
            postMonitor.add(directive);
        }
    }

    boolean isEmpty() {
        return preMonitor.isEmpty() && monitor.isEmpty() && postMonitor.isEmpty();
    }

    /** Applies the queued lines; {@code workingDirectory} resolves script paths, as Redis's {@code access()} would. */
    SentinelSettings apply(Path workingDirectory) throws ConfigException {
        State state = new State(workingDirectory);
        for (List<ConfigDirective> pass : List.of(preMonitor, monitor, postMonitor)) {
            for (ConfigDirective directive : pass) {
                String error = state.handle(directive.arguments());
                if (error != null) {
                    throw ConfigException.at(directive, error);
                }
            }
        }
        return state.build();
    }

    /** A master being configured. */
    private static final class MasterState {
        final String name;
        final String host;
        final int port;
        final int quorum;
        long downAfter = SentinelSettings.DEFAULT_DOWN_AFTER_MILLISECONDS;
        long failoverTimeout = SentinelSettings.DEFAULT_FAILOVER_TIMEOUT_MILLISECONDS;
        int parallelSyncs = SentinelSettings.DEFAULT_PARALLEL_SYNCS;
        String authPass;
        String authUser;
        String notificationScript;
        String clientReconfigScript;
        long rebootDownAfter;
        long configEpoch;
        long leaderEpoch;
        final Map<String, SentinelSettings.Address> replicas = new LinkedHashMap<>();
        final Map<String, SentinelSettings.KnownSentinel> sentinels = new LinkedHashMap<>();
        final Map<String, String> renamed = new HashMap<>();

        MasterState(String name, String host, int port, int quorum) {
            this.name = name;
            this.host = host;
            this.port = port;
            this.quorum = quorum;
        }

        SentinelSettings.Master build() {
            return new SentinelSettings.Master(name, host, port, quorum, downAfter, failoverTimeout,
                    parallelSyncs, Optional.ofNullable(authPass), Optional.ofNullable(authUser),
                    Optional.ofNullable(notificationScript), Optional.ofNullable(clientReconfigScript),
                    rebootDownAfter, configEpoch, leaderEpoch, new ArrayList<>(replicas.values()),
                    new ArrayList<>(sentinels.values()), renamed);
        }
    }

    /** Redis's {@code sentinelHandleConfiguration} over the state it builds. */
    private static final class State {
        private final Path workingDirectory;
        private final Map<String, MasterState> masters = new LinkedHashMap<>();
        private String myId;
        private long currentEpoch;
        private String announceIp;
        private int announcePort;
        private boolean resolveHostnames;
        private boolean announceHostnames;
        private boolean denyScriptsReconfig = true;
        private String sentinelUser;
        private String sentinelPass;

        State(Path workingDirectory) {
            this.workingDirectory = workingDirectory;
        }

        /** Applies one statement; returns Redis's error text, or null. */
        String handle(List<String> argv) {
            int argc = argv.size();
            String statement = ConfigParser.toLowerAscii(argv.get(0));
            MasterState master;
            switch (statement) {
                case "monitor" -> {
                    if (argc != 5) {
                        return UNRECOGNIZED;
                    }
                    int quorum = ConfigValues.atoi(argv.get(4));
                    if (quorum <= 0) {
                        return "Quorum must be 1 or greater.";
                    }
                    String error = checkAddress(argv.get(2), ConfigValues.atoi(argv.get(3)));
                    if (error != null) {
                        return error;
                    }
                    if (masters.containsKey(argv.get(1))) {
                        return "Duplicate master name.";
                    }
                    masters.put(argv.get(1),
                            new MasterState(argv.get(1), argv.get(2), ConfigValues.atoi(argv.get(3)), quorum));
                }
                case "down-after-milliseconds" -> {
                    if (argc != 3) {
                        return UNRECOGNIZED;
                    }
                    if ((master = masters.get(argv.get(1))) == null) {
                        return NO_SUCH_MASTER;
                    }
                    master.downAfter = ConfigValues.atoi(argv.get(2));
                    if (master.downAfter <= 0) {
                        return NOT_POSITIVE_TIME;
                    }
                }
                case "failover-timeout" -> {
                    if (argc != 3) {
                        return UNRECOGNIZED;
                    }
                    if ((master = masters.get(argv.get(1))) == null) {
                        return NO_SUCH_MASTER;
                    }
                    master.failoverTimeout = ConfigValues.atoi(argv.get(2));
                    if (master.failoverTimeout <= 0) {
                        return NOT_POSITIVE_TIME;
                    }
                }
                case "parallel-syncs" -> {
                    if (argc != 3) {
                        return UNRECOGNIZED;
                    }
                    if ((master = masters.get(argv.get(1))) == null) {
                        return NO_SUCH_MASTER;
                    }
                    master.parallelSyncs = ConfigValues.atoi(argv.get(2));
                }
                case "notification-script", "client-reconfig-script" -> {
                    if (argc != 3) {
                        return UNRECOGNIZED;
                    }
                    if ((master = masters.get(argv.get(1))) == null) {
                        return NO_SUCH_MASTER;
                    }
                    if (!executable(argv.get(2))) {
                        return statement.equals("notification-script")
                                ? "Notification script seems non existing or non executable."
                                : "Client reconfiguration script seems non existing or non executable.";
                    }
                    if (statement.equals("notification-script")) {
                        master.notificationScript = argv.get(2);
                    } else {
                        master.clientReconfigScript = argv.get(2);
                    }
                }
                case "auth-pass", "auth-user" -> {
                    if (argc != 3) {
                        return UNRECOGNIZED;
                    }
                    if ((master = masters.get(argv.get(1))) == null) {
                        return NO_SUCH_MASTER;
                    }
                    if (statement.equals("auth-pass")) {
                        master.authPass = argv.get(2);
                    } else {
                        master.authUser = argv.get(2);
                    }
                }
                case "current-epoch" -> {
                    if (argc != 2) {
                        return UNRECOGNIZED;
                    }
                    long epoch = ConfigValues.strtoull(argv.get(1));
                    if (Long.compareUnsigned(epoch, currentEpoch) > 0) {
                        currentEpoch = epoch;
                    }
                }
                case "myid" -> {
                    if (argc != 2) {
                        return UNRECOGNIZED;
                    }
                    if (ConfigValues.byteLength(argv.get(1)) != 40) {
                        return "Malformed Sentinel id in myid option.";
                    }
                    myId = argv.get(1);
                }
                case "config-epoch" -> {
                    if (argc != 3) {
                        return UNRECOGNIZED;
                    }
                    if ((master = masters.get(argv.get(1))) == null) {
                        return NO_SUCH_MASTER;
                    }
                    master.configEpoch = ConfigValues.strtoull(argv.get(2));
                    if (Long.compareUnsigned(master.configEpoch, currentEpoch) > 0) {
                        currentEpoch = master.configEpoch;
                    }
                }
                case "leader-epoch" -> {
                    if (argc != 3) {
                        return UNRECOGNIZED;
                    }
                    if ((master = masters.get(argv.get(1))) == null) {
                        return NO_SUCH_MASTER;
                    }
                    master.leaderEpoch = ConfigValues.strtoull(argv.get(2));
                }
                case "known-slave", "known-replica" -> {
                    if (argc != 4) {
                        return UNRECOGNIZED;
                    }
                    if ((master = masters.get(argv.get(1))) == null) {
                        return NO_SUCH_MASTER;
                    }
                    int port = ConfigValues.atoi(argv.get(3));
                    String error = checkAddress(argv.get(2), port);
                    if (error != null) {
                        return error;
                    }
                    String key = addressKey(argv.get(2)) + ":" + port;
                    if (master.replicas.containsKey(key)) {
                        return "Duplicate hostname and port for replica.";
                    }
                    master.replicas.put(key, new SentinelSettings.Address(argv.get(2), port));
                }
                case "known-sentinel" -> {
                    if (argc != 4 && argc != 5) {
                        return UNRECOGNIZED;
                    }
                    if (argc == 4) {
                        // The old form without a run id: ignored.
                        return null;
                    }
                    if ((master = masters.get(argv.get(1))) == null) {
                        return NO_SUCH_MASTER;
                    }
                    int port = ConfigValues.atoi(argv.get(3));
                    String error = checkAddress(argv.get(2), port);
                    if (error != null) {
                        return error;
                    }
                    if (master.sentinels.containsKey(argv.get(4))) {
                        return "Duplicate runid for sentinel.";
                    }
                    master.sentinels.put(argv.get(4),
                            new SentinelSettings.KnownSentinel(argv.get(2), port, argv.get(4)));
                }
                case "rename-command" -> {
                    if (argc != 4) {
                        return UNRECOGNIZED;
                    }
                    if ((master = masters.get(argv.get(1))) == null) {
                        return NO_SUCH_MASTER;
                    }
                    String command = ConfigParser.toLowerAscii(argv.get(2));
                    if (master.renamed.containsKey(command)) {
                        return "Same command renamed multiple times with rename-command.";
                    }
                    master.renamed.put(command, argv.get(3));
                }
                case "announce-ip" -> {
                    if (argc != 2) {
                        return UNRECOGNIZED;
                    }
                    if (!argv.get(1).isEmpty()) {
                        announceIp = argv.get(1);
                    }
                }
                case "announce-port" -> {
                    if (argc != 2) {
                        return UNRECOGNIZED;
                    }
                    announcePort = ConfigValues.atoi(argv.get(1));
                }
                case "deny-scripts-reconfig" -> {
                    if (argc != 2) {
                        return UNRECOGNIZED;
                    }
                    int yn = ConfigValues.yesNo(argv.get(1));
                    if (yn < 0) {
                        return "Please specify yes or no for the deny-scripts-reconfig options.";
                    }
                    denyScriptsReconfig = yn == 1;
                }
                case "sentinel-user", "sentinel-pass" -> {
                    if (argc != 2) {
                        return UNRECOGNIZED;
                    }
                    if (!argv.get(1).isEmpty()) {
                        if (statement.equals("sentinel-user")) {
                            sentinelUser = argv.get(1);
                        } else {
                            sentinelPass = argv.get(1);
                        }
                    }
                }
                case "resolve-hostnames", "announce-hostnames" -> {
                    if (argc != 2) {
                        return UNRECOGNIZED;
                    }
                    int yn = ConfigValues.yesNo(argv.get(1));
                    if (yn < 0) {
                        return "Please specify yes or no for the " + statement + " option.";
                    }
                    if (statement.equals("resolve-hostnames")) {
                        resolveHostnames = yn == 1;
                    } else {
                        announceHostnames = yn == 1;
                    }
                }
                case "master-reboot-down-after-period" -> {
                    if (argc != 3) {
                        return UNRECOGNIZED;
                    }
                    if ((master = masters.get(argv.get(1))) == null) {
                        return NO_SUCH_MASTER;
                    }
                    master.rebootDownAfter = ConfigValues.atoi(argv.get(2));
                    if (master.rebootDownAfter < 0) {
                        return "negative time parameter.";
                    }
                }
                default -> {
                    return UNRECOGNIZED;
                }
            }
            return null;
        }

        /**
         * Redis's {@code createSentinelAddr}: the port must be 0-65535; the host must be a numeric address
         * unless {@code resolve-hostnames} is yes (Redis then resolves it, accepting a name that does not
         * resolve yet; Vigil does no lookup here).
         */
        private String checkAddress(String host, int port) {
            if (port < 0 || port > 65535) {
                return "Invalid port number.";
            }
            if (!resolveHostnames && !IpLiterals.isLiteral(host)) {
                return "Can't resolve instance hostname.";
            }
            return null;
        }

        /** How Redis names a replica: its address, or the host as written when hostnames are announced. */
        private String addressKey(String host) {
            if (announceHostnames) {
                return host;
            }
            return IpLiterals.canonical(host).orElse(host);
        }

        private boolean executable(String script) {
            try {
                return Files.isExecutable(workingDirectory.resolve(script));
            } catch (InvalidPathException e) {
                return false;
            }
        }

        SentinelSettings build() {
            Map<String, SentinelSettings.Master> built = new LinkedHashMap<>();
            for (MasterState m : masters.values()) {
                built.put(m.name, m.build());
            }
            return new SentinelSettings(built, Optional.ofNullable(myId), currentEpoch,
                    Optional.ofNullable(announceIp), announcePort, resolveHostnames, announceHostnames,
                    denyScriptsReconfig, Optional.ofNullable(sentinelUser), Optional.ofNullable(sentinelPass));
        }
    }
}

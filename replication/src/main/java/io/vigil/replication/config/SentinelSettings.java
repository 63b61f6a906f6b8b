package io.vigil.replication.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code sentinel ...} directives of a configuration read in sentinel mode, as Redis 7.0's
 * {@code sentinelHandleConfiguration} applies them. Immutable.
 * <p>
 * Numbers that Redis reads with {@code atoi} (ports, quorum, times, {@code parallel-syncs}) are read the same
 * way ({@link ConfigValues#atoi(String)}); epochs are unsigned 64-bit values read with {@code strtoull}
 * and held in a {@code long}'s bits.
 */
public final class SentinelSettings {

    /** Redis's default {@code down-after-milliseconds}. */
    public static final long DEFAULT_DOWN_AFTER_MILLISECONDS = 30_000;
    /** Redis's default {@code failover-timeout}. */
    public static final long DEFAULT_FAILOVER_TIMEOUT_MILLISECONDS = 180_000;
    /** Redis's default {@code parallel-syncs}. */
    public static final int DEFAULT_PARALLEL_SYNCS = 1;

    /** A host (as written) and port. */
    public record Address(String host, int port) {
        public Address {
            Objects.requireNonNull(host, "host");
        }
    }

    /** A {@code sentinel known-sentinel} entry: another Sentinel watching the same master. */
    public record KnownSentinel(String host, int port, String runId) {
        public KnownSentinel {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(runId, "runId");
        }
    }

    /**
     * A monitored master ({@code sentinel monitor <name> <host> <port> <quorum>}) with the directives that
     * name it.
     *
     * @param renamedCommands {@code sentinel rename-command}: command name (lower case) to the name to send
     */
    public record Master(String name,
                         String host,
                         int port,
                         int quorum,
                         long downAfterMilliseconds,
                         long failoverTimeoutMilliseconds,
                         int parallelSyncs,
                         Optional<String> authPass,
                         Optional<String> authUser,
                         Optional<String> notificationScript,
                         Optional<String> clientReconfigScript,
                         long masterRebootDownAfterPeriodMilliseconds,
                         long configEpoch,
                         long leaderEpoch,
                         List<Address> knownReplicas,
                         List<KnownSentinel> knownSentinels,
                         Map<String, String> renamedCommands) {
        public Master {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(authPass, "authPass");
            Objects.requireNonNull(authUser, "authUser");
            Objects.requireNonNull(notificationScript, "notificationScript");
            Objects.requireNonNull(clientReconfigScript, "clientReconfigScript");
            knownReplicas = List.copyOf(knownReplicas);
            knownSentinels = List.copyOf(knownSentinels);
            renamedCommands = Map.copyOf(renamedCommands);
        }

        /** Lists the fields, the password as {@code ***}. */
        @Override
        public String toString() {
            return "Master{name=" + name + ", host=" + host + ", port=" + port + ", quorum=" + quorum
                    + ", downAfterMilliseconds=" + downAfterMilliseconds
                    + ", failoverTimeoutMilliseconds=" + failoverTimeoutMilliseconds
                    + ", parallelSyncs=" + parallelSyncs + ", authPass=" + authPass.map(p -> "***")
                    + ", authUser=" + authUser + ", knownReplicas=" + knownReplicas
                    + ", knownSentinels=" + knownSentinels + "}";
        }
    }

    private final Map<String, Master> masters;
    private final Optional<String> myId;
    private final long currentEpoch;
    private final Optional<String> announceIp;
    private final int announcePort;
    private final boolean resolveHostnames;
    private final boolean announceHostnames;
    private final boolean denyScriptsReconfig;
    private final Optional<String> sentinelUser;
    private final Optional<String> sentinelPass;

    SentinelSettings(Map<String, Master> masters, Optional<String> myId, long currentEpoch,
                     Optional<String> announceIp, int announcePort, boolean resolveHostnames,
                     boolean announceHostnames, boolean denyScriptsReconfig, Optional<String> sentinelUser,
                     Optional<String> sentinelPass) {
        this.masters = Collections.unmodifiableMap(new LinkedHashMap<>(masters));
        this.myId = myId;
        this.currentEpoch = currentEpoch;
        this.announceIp = announceIp;
        this.announcePort = announcePort;
        this.resolveHostnames = resolveHostnames;
        this.announceHostnames = announceHostnames;
        this.denyScriptsReconfig = denyScriptsReconfig;
        this.sentinelUser = sentinelUser;
        this.sentinelPass = sentinelPass;
    }

    /** No masters, Redis's defaults. */
    static SentinelSettings empty() {
        return new SentinelSettings(Map.of(), Optional.empty(), 0, Optional.empty(), 0, false, false, true,
                Optional.empty(), Optional.empty());
    }

    /** The monitored masters by name (case-sensitive, as in Redis), in the order of their {@code monitor} lines. */
    public Map<String, Master> masters() {
        return masters;
    }

    /** The master called {@code name}, if monitored. */
    public Optional<Master> master(String name) {
        return Optional.ofNullable(masters.get(name));
    }

    /** {@code sentinel myid}: this Sentinel's 40-character id, if the file has one (Redis writes it at start-up). */
    public Optional<String> myId() {
        return myId;
    }

    /** {@code sentinel current-epoch}, raised by any larger {@code config-epoch} (unsigned). */
    public long currentEpoch() {
        return currentEpoch;
    }

    /** {@code sentinel announce-ip}, if set to a non-empty value. */
    public Optional<String> announceIp() {
        return announceIp;
    }

    /** {@code sentinel announce-port}; 0 means the listening port. */
    public int announcePort() {
        return announcePort;
    }

    /** {@code sentinel resolve-hostnames} (default no: hosts must be IP addresses). */
    public boolean resolveHostnames() {
        return resolveHostnames;
    }

    /** {@code sentinel announce-hostnames} (default no). */
    public boolean announceHostnames() {
        return announceHostnames;
    }

    /** {@code sentinel deny-scripts-reconfig} (default yes). */
    public boolean denyScriptsReconfig() {
        return denyScriptsReconfig;
    }

    /** {@code sentinel sentinel-user}, if set to a non-empty value. */
    public Optional<String> sentinelUser() {
        return sentinelUser;
    }

    /** {@code sentinel sentinel-pass}, if set to a non-empty value. */
    public Optional<String> sentinelPass() {
        return sentinelPass;
    }

    @Override
    public String toString() {
        return "SentinelSettings{masters=" + masters + ", myId=" + myId + ", currentEpoch="
                + Long.toUnsignedString(currentEpoch) + ", announceIp=" + announceIp + ", announcePort="
                + announcePort + ", resolveHostnames=" + resolveHostnames + ", announceHostnames="
                + announceHostnames + ", denyScriptsReconfig=" + denyScriptsReconfig + "}";
    }
}

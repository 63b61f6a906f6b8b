package io.vigil.replication.server;

import io.vigil.core.ReplicationLog;
import io.vigil.core.VigilStore;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * INFO, with the sections and field names of Redis 7.0 (server.c genRedisInfoString) that Vigil can fill in
 * truthfully. I/O thread only.
 */
final class InfoCommand
{
    /** The Redis version whose protocol and replies Vigil follows, reported where clients expect Redis's. */
    static final String REDIS_VERSION = "7.0.15";
    /** Vigil's own version. */
    static final String VIGIL_VERSION = "0.1.0";

    private static final String[] DEFAULT_SECTIONS =
        { "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "keyspace" };

    private InfoCommand()
    {
    }

    static Object info(
        final RespServer server, final VigilStore store, final ServerContext context, final byte[][] argv)
    {
        final Set<String> sections = new LinkedHashSet<>();
        if (argv.length == 1)
        {
            sections.addAll(Set.of(DEFAULT_SECTIONS));
        }
        for (int i = 1; i < argv.length; i++)
        {
            final String s = new String(argv[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            if (s.equals("all") || s.equals("everything") || s.equals("default"))
            {
                sections.addAll(Set.of(DEFAULT_SECTIONS));
            }
            else
            {
                sections.add(s);
            }
        }
        final StringBuilder out = new StringBuilder();
        for (final String section : DEFAULT_SECTIONS)
        {
            if (!sections.contains(section))
            {
                continue;
            }
            if (out.length() > 0)
            {
                out.append("\r\n");
            }
            switch (section)
            {
                case "server" -> server(out, server, store, context);
                case "clients" -> clients(out, server, context);
                case "memory" -> memory(out);
                case "persistence" -> persistence(out, context);
                case "stats" -> stats(out, server, store);
                case "replication" -> replication(out, store, context);
                case "cpu" -> cpu(out);
                default -> keyspace(out, store);
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(final StringBuilder out, final String name, final Object value)
    {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private static void server(
        final StringBuilder out, final RespServer server, final VigilStore store, final ServerContext context)
    {
        final long nowMs = System.currentTimeMillis();
        final long uptime = (nowMs - context.startMs()) / 1000;
        out.append("# Server\r\n");
        field(out, "redis_version", REDIS_VERSION);
        field(out, "redis_git_sha1", "00000000");
        field(out, "redis_git_dirty", 0);
        field(out, "redis_build_id", "0");
        field(out, "redis_mode", "standalone");
        field(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
            System.getProperty("os.arch"));
        field(out, "arch_bits", 64);
        field(out, "monotonic_clock", "POSIX clock_gettime");
        field(out, "multiplexing_api", "java.nio");
        field(out, "process_id", ProcessHandle.current().pid());
        field(out, "process_supervised", "no");
        field(out, "run_id", context.runId());
        field(out, "tcp_port", server.port());
        field(out, "server_time_usec", nowMs * 1000);
        field(out, "uptime_in_seconds", uptime);
        field(out, "uptime_in_days", uptime / 86400);
        field(out, "hz", store.config().hz());
        field(out, "configured_hz", store.config().hz());
        field(out, "executable", "");
        field(out, "config_file", "");
        field(out, "io_threads_active", 0);
        field(out, "vigil_version", VIGIL_VERSION);
        field(out, "java_version", System.getProperty("java.version"));
    }

    private static void clients(final StringBuilder out, final RespServer server, final ServerContext context)
    {
        int pubsub = 0;
        for (final ClientSession s : server.sessions().values())
        {
            pubsub += s.isSubscribed() ? 1 : 0;
        }
        out.append("# Clients\r\n");
        field(out, "connected_clients", server.clientCount());
        field(out, "cluster_connections", 0);
        field(out, "maxclients", context.maxclients());
        field(out, "client_recent_max_input_buffer", 0);
        field(out, "client_recent_max_output_buffer", 0);
        field(out, "blocked_clients", 0);
        field(out, "tracking_clients", 0);
        field(out, "clients_in_timeout_table", 0);
        field(out, "pubsub_clients", pubsub);
    }

    private static void memory(final StringBuilder out)
    {
        final Runtime rt = Runtime.getRuntime();
        final long used = rt.totalMemory() - rt.freeMemory();
        out.append("# Memory\r\n");
        field(out, "used_memory", used);
        field(out, "used_memory_human", human(used));
        field(out, "used_memory_rss", rt.totalMemory());
        field(out, "used_memory_rss_human", human(rt.totalMemory()));
        field(out, "used_memory_peak", rt.totalMemory());
        field(out, "used_memory_peak_human", human(rt.totalMemory()));
        field(out, "total_system_memory", osTotalMemory());
        field(out, "total_system_memory_human", human(osTotalMemory()));
        field(out, "maxmemory", rt.maxMemory());
        field(out, "maxmemory_human", human(rt.maxMemory()));
        field(out, "maxmemory_policy", "noeviction");
        field(out, "mem_allocator", "jvm");
    }

    private static long osTotalMemory()
    {
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean)
        {
            return ((com.sun.management.OperatingSystemMXBean)os).getTotalMemorySize();
        }
        return 0;
    }

    /**
     * object.c bytesToHuman.
     */
    static String human(final long bytes)
    {
        if (bytes < 1024)
        {
            return bytes + "B";
        }
        if (bytes < 1024L * 1024)
        {
            return String.format(Locale.ROOT, "%.2fK", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024)
        {
            return String.format(Locale.ROOT, "%.2fM", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2fG", bytes / (1024.0 * 1024 * 1024));
    }

    private static void persistence(final StringBuilder out, final ServerContext context)
    {
        out.append("# Persistence\r\n");
        field(out, "loading", 0);
        field(out, "async_loading", 0);
        field(out, "rdb_changes_since_last_save", 0);
        field(out, "rdb_bgsave_in_progress", 0);
        field(out, "rdb_last_save_time", context.startMs() / 1000);
        field(out, "rdb_last_bgsave_status", "ok");
        field(out, "aof_enabled", 0);
        field(out, "aof_rewrite_in_progress", 0);
        field(out, "aof_last_bgrewrite_status", "ok");
    }

    private static void stats(final StringBuilder out, final RespServer server, final VigilStore store)
    {
        out.append("# Stats\r\n");
        field(out, "total_connections_received", server.totalConnectionsReceived);
        field(out, "total_commands_processed", server.totalCommandsProcessed);
        field(out, "instantaneous_ops_per_sec", server.instantaneousOps());
        field(out, "rejected_connections", server.rejectedConnections);
        field(out, "expired_keys", store.expiredKeys());
        field(out, "evicted_keys", 0);
        field(out, "pubsub_channels", server.pubSub().channels(null).size());
        field(out, "pubsub_patterns", server.pubSub().numpat());
        field(out, "total_error_replies", server.totalErrorReplies);
    }

    private static void replication(final StringBuilder out, final VigilStore store, final ServerContext context)
    {
        final ReplicationLog log = store.log();
        final long offset = log.publishedPosition();
        final long start = log.startOffset();
        out.append("# Replication\r\n");
        out.append(context.replicationInfo());
        field(out, "master_failover_state", "no-failover");
        field(out, "master_replid", log.replicationId());
        field(out, "master_replid2", log.replicationId2());
        field(out, "master_repl_offset", offset);
        field(out, "second_repl_offset", log.secondReplicationOffset());
        field(out, "repl_backlog_active", 1);
        field(out, "repl_backlog_size", log.capacity());
        // replication.c: the backlog's first byte is numbered from 1.
        field(out, "repl_backlog_first_byte_offset", start + 1);
        field(out, "repl_backlog_histlen", offset - start);
    }

    private static void cpu(final StringBuilder out)
    {
        final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        double cpuSeconds = 0;
        if (os instanceof com.sun.management.OperatingSystemMXBean)
        {
            cpuSeconds = ((com.sun.management.OperatingSystemMXBean)os).getProcessCpuTime() / 1e9;
        }
        out.append("# CPU\r\n");
        // The JVM reports user and system time together; all of it is reported as user time.
        field(out, "used_cpu_sys", String.format(Locale.ROOT, "%.6f", 0.0));
        field(out, "used_cpu_user", String.format(Locale.ROOT, "%.6f", cpuSeconds));
    }

    private static void keyspace(final StringBuilder out, final VigilStore store)
    {
        out.append("# Keyspace\r\n");
        final long keys = store.keyspace().size();
        if (keys > 0)
        {
            out.append("db0:keys=").append(keys).append(",expires=").append(store.keyspace().expiresCount())
                .append(",avg_ttl=0\r\n");
        }
    }
}

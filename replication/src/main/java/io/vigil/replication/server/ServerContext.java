package io.vigil.replication.server;

import io.vigil.replication.NodeConfig;

/**
 * Node-wide state the RESP server consults: the configuration, the settings CONFIG SET may change at run time, the
 * role, client pauses, and the node's hooks (shutdown, replication information for INFO and ROLE).
 * <p>
 * Runtime settings are written by the I/O thread (CONFIG SET) and may be read by any thread.
 */
public class ServerContext
{
    private final NodeConfig config;
    private final String runId;
    private final long startMs = System.currentTimeMillis();
    private volatile String requirepass;
    private volatile boolean protectedMode;
    private volatile int timeoutSeconds;
    private volatile int maxclients;
    private volatile long protoMaxBulkLen;
    private volatile long pauseUntilMs;
    private volatile boolean pauseAll;

    /**
     * @param config the node's configuration, whose values seed the runtime settings.
     * @param runId  the node's 40-character run ID.
     */
    public ServerContext(final NodeConfig config, final String runId)
    {
        this.config = config;
        this.runId = runId;
        this.requirepass = config.requirepass();
        this.protectedMode = config.protectedMode();
        this.timeoutSeconds = config.timeoutSeconds();
        this.maxclients = config.maxclients();
        this.protoMaxBulkLen = config.store().protoMaxBulkLen();
    }

    /**
     * @return the configuration the node started with.
     */
    public NodeConfig config()
    {
        return config;
    }

    /**
     * @return the run ID ({@code run_id} in INFO).
     */
    public String runId()
    {
        return runId;
    }

    /**
     * @return start time in epoch milliseconds.
     */
    public long startMs()
    {
        return startMs;
    }

    /**
     * @return true while the node is a read-only replica.
     */
    public boolean isReplica()
    {
        return false;
    }

    /**
     * Lines of INFO's replication section after {@code role}, each "name:value".
     *
     * @return the lines; empty for a master without replicas.
     */
    public String replicationInfo()
    {
        return "role:master\r\nconnected_slaves:0\r\n";
    }

    /**
     * @return the ROLE reply.
     */
    public Object role()
    {
        return new Object[]{ "master".getBytes(), 0L, new Object[0] };
    }

    /**
     * Stop the node, as SHUTDOWN does.
     *
     * @param save true to save a snapshot first (SHUTDOWN SAVE).
     * @return null if the shutdown goes ahead, else the error text to reply.
     */
    public String shutdown(final boolean save)
    {
        return "ERR Shutdown is not supported by this node";
    }

    String requirepass()
    {
        return requirepass;
    }

    void requirepass(final String password)
    {
        requirepass = password == null || password.isEmpty() ? null : password;
    }

    boolean protectedMode()
    {
        return protectedMode;
    }

    void protectedMode(final boolean enabled)
    {
        protectedMode = enabled;
    }

    int timeoutSeconds()
    {
        return timeoutSeconds;
    }

    void timeoutSeconds(final int seconds)
    {
        timeoutSeconds = seconds;
    }

    int maxclients()
    {
        return maxclients;
    }

    void maxclients(final int max)
    {
        maxclients = max;
    }

    long protoMaxBulkLen()
    {
        return protoMaxBulkLen;
    }

    void protoMaxBulkLen(final long bytes)
    {
        protoMaxBulkLen = bytes;
    }

    void pause(final long untilMs, final boolean all)
    {
        pauseAll = all;
        pauseUntilMs = untilMs;
    }

    void unpause()
    {
        pauseUntilMs = 0;
    }

    boolean writesPaused(final long nowMs)
    {
        return nowMs < pauseUntilMs;
    }

    boolean allPaused(final long nowMs)
    {
        return pauseAll && nowMs < pauseUntilMs;
    }
}

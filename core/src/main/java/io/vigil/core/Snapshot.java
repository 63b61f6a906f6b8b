package io.vigil.core;

/**
 * What a snapshot covers: the replication ID and offset it was taken at, and how many keys it holds. A replica that
 * loads it, then applies the log from {@link #offset()}, reaches the master's state. Immutable.
 */
public final class Snapshot
{
    private final String replicationId;
    private final long offset;
    private final long keys;
    private final long bytes;

    Snapshot(final String replicationId, final long offset, final long keys, final long bytes)
    {
        this.replicationId = replicationId;
        this.offset = offset;
        this.keys = keys;
        this.bytes = bytes;
    }

    /**
     * @return the replication ID the offset belongs to.
     */
    public String replicationId()
    {
        return replicationId;
    }

    /**
     * @return the log offset the snapshot starts from: every effect before it is in the snapshot.
     */
    public long offset()
    {
        return offset;
    }

    /**
     * @return keys written or loaded.
     */
    public long keys()
    {
        return keys;
    }

    /**
     * @return bytes of RDB written or read.
     */
    public long bytes()
    {
        return bytes;
    }

    public String toString()
    {
        return "Snapshot{replid=" + replicationId + ", offset=" + offset + ", keys=" + keys + ", bytes=" + bytes + '}';
    }
}

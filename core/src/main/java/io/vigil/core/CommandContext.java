package io.vigil.core;

import org.agrona.concurrent.EpochClock;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What a command sees while it runs: the keyspace, the time, and, for writes, the replication log its effects go to.
 * <p>
 * The writer owns one context in which all writes run ({@link #forWriter}). Reads run on the caller's thread in a
 * read-only context ({@link #forReader}) that has no log and may be shared by any number of threads. A write
 * context is not threadsafe.
 * <p>
 * The mutation helpers apply a change to the keyspace and log its idempotent effect in one step, so a command cannot
 * forget the log. When the writer applies its master's stream ({@link #applyingStream}), effects are not logged
 * (the raw stream is appended instead) and expired keys are treated as present, as a Redis replica does for its
 * master client (db.c expireIfNeeded).
 */
public final class CommandContext
{
    final Keyspace keyspace;
    final ReplicationLog log;
    final EpochClock clock;
    final StoreConfig config;
    long nowMs;
    boolean replica;
    boolean applyingStream;
    /**
     * The writer's batch: each request's first key, already hashed, its hash, and which request runs; see
     * {@link #hash}. The running request is named by index rather than by storing its key here, because this context
     * is long-lived and under G1 a reference stored into an old object costs a StoreLoad fence (see
     * {@link WriterAgent}).
     */
    private byte[][] hashedKeys;
    private int[] hashedHashes;
    private int hashedIndex = -1;

    private CommandContext(
        final Keyspace keyspace, final ReplicationLog log, final EpochClock clock, final StoreConfig config)
    {
        this.keyspace = keyspace;
        this.log = log;
        this.clock = clock;
        this.config = config;
    }

    static CommandContext forWriter(
        final Keyspace keyspace, final ReplicationLog log, final EpochClock clock, final StoreConfig config)
    {
        return new CommandContext(keyspace, log, clock, config);
    }

    static CommandContext forReader(final Keyspace keyspace, final EpochClock clock, final StoreConfig config)
    {
        return new CommandContext(keyspace, null, clock, config);
    }

    /**
     * @return the time commands in this context see, in epoch milliseconds. A reader context reads the clock each
     * time; the writer fixes it once per command, as Redis's commandTimeSnapshot.
     */
    long now()
    {
        return log == null ? clock.time() : nowMs;
    }

    /**
     * @return a random long for RANDOMKEY and the like.
     */
    static long random()
    {
        return ThreadLocalRandom.current().nextLong();
    }

    /**
     * @param key a key argument of the running command.
     * @return {@link Keyspace#hash} of the key, without hashing it again if the writer did so for this command.
     */
    int hash(final byte[] key)
    {
        final int i = hashedIndex;
        return i >= 0 && key == hashedKeys[i] ? hashedHashes[i] : Keyspace.hash(key);
    }

    /**
     * Writer only: where the writer keeps its batch's first keys and their hashes.
     *
     * @param keys   first key of each request of the batch, or null where not hashed.
     * @param hashes the hash of each key.
     */
    void hashedKeys(final byte[][] keys, final int[] hashes)
    {
        hashedKeys = keys;
        hashedHashes = hashes;
        hashedIndex = -1;
    }

    /**
     * Writer only: tell {@link #hash} which request of the batch runs next, or forget it with -1.
     *
     * @param index of the request in the arrays given to {@link #hashedKeys}, or -1.
     */
    void hashedIndex(final int index)
    {
        hashedIndex = index;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Lookups.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Read lookup: hides keys whose deadline passed.
     */
    Entry lookupRead(final byte[] key)
    {
        final Entry e = keyspace.get(key, hash(key));
        return e == null || (!applyingStream && e.isExpired(now())) ? null : e;
    }

    /**
     * Write lookup, writer only: a key whose deadline passed is deleted and its DEL logged on a master, and treated
     * as present while applying a master's stream.
     */
    Entry lookupWrite(final byte[] key, final int hash)
    {
        final Entry e = keyspace.get(key, hash);
        if (e == null || applyingStream || !e.isExpired(nowMs))
        {
            return e;
        }
        if (!replica)
        {
            log.reserve(key.length);
            keyspace.remove(key, hash);
            log.appendDel(key);
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Mutations, writer only. Each first reserves the log's room for its effect, then changes the keyspace, which
    // either happens whole or throws having changed nothing, then logs the effect, which then cannot fail: a command
    // that throws, even out of heap, never logs an effect it did not apply nor applies one it did not log.
    // ---------------------------------------------------------------------------------------------------------------

    void set(final byte[] key, final int hash, final byte[] value, final long expireAtMs)
    {
        log.reserve(key.length + value.length);
        keyspace.put(key, hash, value, expireAtMs, log.position());
        if (!applyingStream)
        {
            log.appendSet(key, value, expireAtMs);
        }
    }

    boolean delete(final byte[] key, final int hash)
    {
        log.reserve(key.length);
        final Entry removed = keyspace.remove(key, hash);
        if (removed != null && !applyingStream)
        {
            log.appendDel(key);
        }
        return removed != null;
    }

    /**
     * Change only the deadline. The new entry keeps the sequence of the value it carries: PEXPIREAT is not a whole
     * value, so a fuzzy snapshot must still include the value, and the replayed PEXPIREAT then sets the deadline.
     * {@code key} is the command's own argument, equal to the entry's key, so the entry need not build one.
     */
    void expireAt(final byte[] key, final Entry e, final long expireAtMs)
    {
        log.reserve(key.length);
        keyspace.put(key, e.hash, e.value, expireAtMs, e.sequence);
        if (!applyingStream)
        {
            log.appendPexpireat(key, expireAtMs);
        }
    }

    /**
     * Remove only the deadline; keeps the value's sequence for the same reason as {@link #expireAt}.
     */
    void persist(final byte[] key, final Entry e)
    {
        log.reserve(key.length);
        keyspace.put(key, e.hash, e.value, Entry.NO_EXPIRY, e.sequence);
        if (!applyingStream)
        {
            log.appendPersist(key);
        }
    }

    void flushAll()
    {
        keyspace.clear();
        if (!applyingStream)
        {
            log.appendFlushall();
        }
    }

    /**
     * @param when an absolute deadline.
     * @return true if a key given this deadline is already gone: expire.c checkAlreadyExpired, which never holds on a
     * replica.
     */
    boolean alreadyExpired(final long when)
    {
        return when <= nowMs && !replica && !applyingStream;
    }
}

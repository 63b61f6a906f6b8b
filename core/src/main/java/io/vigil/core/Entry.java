package io.vigil.core;

/**
 * One key and its value, immutable once constructed, so a reader on any thread that obtains a reference sees the
 * whole entry or none of it.
 * <p>
 * An entry is never changed in place: the writer publishes a new entry to overwrite a key. The {@code sequence} is
 * the replication log position of the effect that set the entry's value (a deadline change keeps it), which lets a
 * fuzzy snapshot tell values that existed when it started from those written while it ran.
 * <p>
 * The byte arrays are shared with the keyspace and must not be modified by anyone.
 */
public final class Entry
{
    /** Expiry value of an entry that never expires, as Redis reports it from PTTL's point of view. */
    public static final long NO_EXPIRY = -1;

    final byte[] key;
    final byte[] value;
    final long expireAtMs;
    final long sequence;
    final int hash;

    Entry(final byte[] key, final int hash, final byte[] value, final long expireAtMs, final long sequence)
    {
        this.key = key;
        this.hash = hash;
        this.value = value;
        this.expireAtMs = expireAtMs;
        this.sequence = sequence;
    }

    /**
     * @return the key bytes; must not be modified.
     */
    public byte[] key()
    {
        return key;
    }

    /**
     * @return the value bytes; must not be modified.
     */
    public byte[] value()
    {
        return value;
    }

    /**
     * @return absolute deadline in epoch milliseconds, or {@link #NO_EXPIRY}.
     */
    public long expireAtMs()
    {
        return expireAtMs;
    }

    /**
     * @return replication log position of the effect that set this entry's value.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * @return true if this entry has a deadline.
     */
    public boolean hasExpiry()
    {
        return expireAtMs != NO_EXPIRY;
    }

    /**
     * @param nowMs current epoch time in milliseconds.
     * @return true if the deadline has passed: the key is logically gone even if not yet deleted.
     */
    public boolean isExpired(final long nowMs)
    {
        // db.c keyIsExpired: expired once now > when, so a key is still visible during its deadline's millisecond.
        return expireAtMs != NO_EXPIRY && expireAtMs < nowMs;
    }
}

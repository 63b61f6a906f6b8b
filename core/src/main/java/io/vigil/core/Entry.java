package io.vigil.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One key and its value, immutable once constructed, so a reader on any thread that obtains a reference sees the
 * whole entry or none of it.
 * <p>
 * An entry is never changed in place: the writer publishes a new entry to overwrite a key. The {@code sequence} is
 * the replication log position of the effect that set the entry's value (a deadline change keeps it), which lets a
 * fuzzy snapshot tell values that existed when it started from those written while it ran.
 * <p>
 * A key of up to {@link #INLINE_KEY_BYTES} bytes is held only in the entry's own fields, 56 bytes in all; the key
 * array the writer was given is not kept, so it can die young. {@link #key()} builds a copy of such a key on each
 * call. A longer key is kept by reference in a {@link LongKey} entry, as its first 16 bytes are kept inline too.
 * <p>
 * The byte arrays are shared with the keyspace and must not be modified by anyone.
 */
public sealed class Entry permits Entry.LongKey
{
    /** Expiry value of an entry that never expires, as Redis reports it from PTTL's point of view. */
    public static final long NO_EXPIRY = -1;

    /** Key bytes an entry holds in its own fields; a longer key's array is kept as well. */
    static final int INLINE_KEY_BYTES = 16;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    final byte[] value;
    final long expireAtMs;
    final long sequence;
    final int hash;
    /**
     * The key's length and its first {@link #INLINE_KEY_BYTES} bytes ({@link #word}), so that a lookup compares a key
     * of up to 16 bytes without loading a key array: one cache miss fewer on a large table.
     */
    final int keyLength;
    final long key0;
    final long key1;

    /**
     * An entry of a key longer than {@link #INLINE_KEY_BYTES}, which keeps the key array too.
     */
    static final class LongKey extends Entry
    {
        final byte[] key;

        private LongKey(final byte[] key, final int hash, final byte[] value, final long expireAtMs, final long sequence)
        {
            super(key, hash, value, expireAtMs, sequence);
            this.key = key;
        }

        @Override
        public byte[] key()
        {
            return key;
        }
    }

    private Entry(final byte[] key, final int hash, final byte[] value, final long expireAtMs, final long sequence)
    {
        this.hash = hash;
        this.value = value;
        this.expireAtMs = expireAtMs;
        this.sequence = sequence;
        this.keyLength = key.length;
        this.key0 = word(key, 0);
        this.key1 = word(key, 8);
    }

    /**
     * @param key        the key; kept by reference only if longer than {@link #INLINE_KEY_BYTES}.
     * @param hash       {@link Keyspace#hash} of the key.
     * @param value      the value; kept by reference.
     * @param expireAtMs deadline or {@link #NO_EXPIRY}.
     * @param sequence   replication log position of the effect that set the value.
     * @return a new entry.
     */
    static Entry of(final byte[] key, final int hash, final byte[] value, final long expireAtMs, final long sequence)
    {
        return key.length <= INLINE_KEY_BYTES ?
            new Entry(key, hash, value, expireAtMs, sequence) : new LongKey(key, hash, value, expireAtMs, sequence);
    }

    /**
     * @param key    key bytes.
     * @param offset where the word starts.
     * @return the 8 bytes of {@code key} from {@code offset}, little-endian, with bytes past the end as zero.
     */
    static long word(final byte[] key, final int offset)
    {
        final int length = key.length;
        if (offset + 8 <= length)
        {
            return (long)LONG_LE.get(key, offset);
        }
        long w = 0;
        for (int i = offset, shift = 0; i < length; i++, shift += 8)
        {
            w |= (key[i] & 0xFFL) << shift;
        }
        return w;
    }

    /**
     * @param key  a key.
     * @param hash {@link Keyspace#hash} of the key.
     * @param w0   {@link #word} of the key at 0.
     * @param w1   {@link #word} of the key at 8.
     * @return true if this entry's key equals {@code key}.
     */
    final boolean keyEquals(final byte[] key, final int hash, final long w0, final long w1)
    {
        final int length = keyLength;
        return this.hash == hash && length == key.length && key0 == w0 && key1 == w1 &&
            (length <= INLINE_KEY_BYTES ||
            Arrays.equals(((LongKey)this).key, INLINE_KEY_BYTES, length, key, INLINE_KEY_BYTES, length));
    }

    /**
     * @return the key bytes, which must not be modified. A key of up to {@link #INLINE_KEY_BYTES} bytes is built
     * afresh on each call.
     */
    public byte[] key()
    {
        final byte[] key = new byte[keyLength];
        copyInlineKey(key);
        return key;
    }

    /**
     * Copy a key of up to {@link #INLINE_KEY_BYTES} bytes, held in this entry's own fields, to the start of
     * {@code dst}.
     *
     * @param dst at least {@link #keyLength()} bytes long.
     * @return the key's length.
     */
    final int copyInlineKey(final byte[] dst)
    {
        final int length = keyLength;
        for (int i = 0; i < length; i++)
        {
            dst[i] = (byte)((i < 8 ? key0 >>> (i << 3) : key1 >>> ((i - 8) << 3)));
        }
        return length;
    }

    /**
     * @return the key's length in bytes, without building the key.
     */
    public int keyLength()
    {
        return keyLength;
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

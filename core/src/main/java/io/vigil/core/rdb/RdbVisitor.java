package io.vigil.core.rdb;

/**
 * Receives the contents of an RDB stream from {@link RdbLoader#load(RdbVisitor)}, in file order, on the loading
 * thread.
 * <p>
 * The arrays passed are freshly allocated for each call and belong to the visitor from then on.
 * <p>
 * The trailing checksum can only be verified once the whole stream has been read, so everything delivered must be
 * treated as provisional until {@code load} returns: if it throws, discard what was received.
 */
@FunctionalInterface
public interface RdbVisitor
{
    /**
     * An AUX field, such as {@code redis-ver} or {@code repl-offset}.
     *
     * @param key   field name.
     * @param value field value; integer encoded values arrive in decimal form.
     */
    default void onAux(final byte[] key, final byte[] value)
    {
    }

    /**
     * The keys that follow belong to database {@code db}. Keys before any SELECTDB belong to database 0.
     *
     * @param db database number.
     */
    default void onSelectDb(final int db)
    {
    }

    /**
     * Size hint for the current database.
     *
     * @param size    number of keys in the database.
     * @param expires number of those keys that have an expiry.
     */
    default void onResizeDb(final long size, final long expires)
    {
    }

    /**
     * A string key and its value. Keys whose expiry has already passed are delivered too; dropping them is the
     * caller's decision.
     *
     * @param key        key bytes.
     * @param value      value bytes.
     * @param expireAtMs absolute expiry in milliseconds since the epoch, or {@link RdbFormat#NO_EXPIRY}.
     */
    void onString(byte[] key, byte[] value, long expireAtMs);
}

package io.vigil.core.rdb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link RdbLoader#load(RdbVisitor)} learnt about an RDB stream besides its keys: version, AUX fields (with
 * the replication id and offset a replica needs for a later partial resynchronisation), key count and checksum.
 * <p>
 * This class is immutable and threadsafe.
 */
public final class RdbInfo
{
    private final int version;
    private final Map<String, String> aux;
    private final String replId;
    private final long replOffset;
    private final int replStreamDb;
    private final long keyCount;
    private final long length;
    private final long checksum;
    private final boolean checksumVerified;

    RdbInfo(
        final int version,
        final Map<String, String> aux,
        final String replId,
        final long replOffset,
        final int replStreamDb,
        final long keyCount,
        final long length,
        final long checksum,
        final boolean checksumVerified)
    {
        this.version = version;
        this.aux = Collections.unmodifiableMap(new LinkedHashMap<>(aux));
        this.replId = replId;
        this.replOffset = replOffset;
        this.replStreamDb = replStreamDb;
        this.keyCount = keyCount;
        this.length = length;
        this.checksum = checksum;
        this.checksumVerified = checksumVerified;
    }

    /**
     * @return RDB version from the header, for example 10 for Redis 7.0.
     */
    public int version()
    {
        return version;
    }

    /**
     * AUX fields in file order, each byte of the value mapped to one char (ISO-8859-1) so binary values survive.
     *
     * @return unmodifiable map of field name to value.
     */
    public Map<String, String> aux()
    {
        return aux;
    }

    /**
     * @param key AUX field name.
     * @return its value, or null if absent.
     */
    public String aux(final String key)
    {
        return aux.get(key);
    }

    /**
     * @return the {@code repl-id} AUX field, or null if absent.
     */
    public String replId()
    {
        return replId;
    }

    /**
     * @return the {@code repl-offset} AUX field, or -1 if absent.
     */
    public long replOffset()
    {
        return replOffset;
    }

    /**
     * @return the {@code repl-stream-db} AUX field, or -1 if absent.
     */
    public int replStreamDb()
    {
        return replStreamDb;
    }

    /**
     * @return number of keys delivered to the visitor.
     */
    public long keyCount()
    {
        return keyCount;
    }

    /**
     * @return length of the RDB stream in bytes, trailing checksum included.
     */
    public long length()
    {
        return length;
    }

    /**
     * @return the checksum stored in the file, 0 if the writer disabled checksums or the version predates them.
     */
    public long checksum()
    {
        return checksum;
    }

    /**
     * @return true if a non-zero stored checksum was compared with the data and matched.
     */
    public boolean checksumVerified()
    {
        return checksumVerified;
    }

    public String toString()
    {
        return "RdbInfo{version=" + version +
            ", keyCount=" + keyCount +
            ", length=" + length +
            ", replId=" + replId +
            ", replOffset=" + replOffset +
            ", checksumVerified=" + checksumVerified +
            ", aux=" + aux + '}';
    }
}

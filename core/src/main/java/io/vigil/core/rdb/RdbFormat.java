package io.vigil.core.rdb;

/**
 * Constants of the Redis RDB file format shared by {@link RdbWriter} and {@link RdbLoader}. The values are fixed
 * by the on-disk format and mirror Redis's rdb.h.
 * <p>
 * This class is stateless and threadsafe.
 */
public final class RdbFormat
{
    /** The 5 ASCII bytes every RDB file starts with, followed by a 4 digit version. */
    public static final String MAGIC = "REDIS";

    /** Version written by {@link RdbWriter}: the one Redis 7.0 writes. */
    public static final int VERSION_WRITTEN = 10;

    /** Newest version {@link RdbLoader} accepts: Redis 7.2's, which adds no change to string encoding. */
    public static final int MAX_VERSION_READ = 11;

    /** First version that ends with a CRC-64 after the EOF opcode. */
    public static final int FIRST_VERSION_WITH_CHECKSUM = 5;

    /** Expiry value meaning "the key does not expire". */
    public static final long NO_EXPIRY = -1;

    // rdb.h length encodings: the top two bits of the first byte.
    static final int LEN_6BIT = 0;
    static final int LEN_14BIT = 1;
    static final int LEN_32BIT = 0x80;
    static final int LEN_64BIT = 0x81;
    static final int ENCVAL = 3;

    // rdb.h RDB_ENC_*: special string encodings, the low six bits after ENCVAL.
    static final int ENC_INT8 = 0;
    static final int ENC_INT16 = 1;
    static final int ENC_INT32 = 2;
    static final int ENC_LZF = 3;

    /** rdb.h RDB_TYPE_STRING: the only value type this codec handles. */
    public static final int TYPE_STRING = 0;

    // rdb.h RDB_OPCODE_*
    static final int OPCODE_SLOT_INFO = 244;
    static final int OPCODE_FUNCTION2 = 245;
    static final int OPCODE_FUNCTION_PRE_GA = 246;
    static final int OPCODE_MODULE_AUX = 247;
    static final int OPCODE_IDLE = 248;
    static final int OPCODE_FREQ = 249;
    static final int OPCODE_AUX = 250;
    static final int OPCODE_RESIZEDB = 251;
    static final int OPCODE_EXPIRETIME_MS = 252;
    static final int OPCODE_EXPIRETIME = 253;
    static final int OPCODE_SELECTDB = 254;
    static final int OPCODE_EOF = 255;

    // rdb.h RDB_TYPE_* 0..25, indexed by type; null where no type is defined.
    private static final String[] TYPE_NAMES =
    {
        "string", "list", "set", "zset", "hash", "zset-2", "module-pre-ga", "module-2", null,
        "hash-zipmap", "list-ziplist", "set-intset", "zset-ziplist", "hash-ziplist", "list-quicklist",
        "stream-listpacks", "hash-listpack", "zset-listpack", "list-quicklist-2", "stream-listpacks-2",
        "set-listpack", "stream-listpacks-3", "hash-metadata-pre-ga", "hash-listpack-ex-pre-ga", "hash-metadata",
        "hash-listpack-ex",
    };

    private RdbFormat()
    {
    }

    /**
     * Human readable name of an RDB value type or opcode byte, for error messages.
     *
     * @param type the type byte, 0 to 255.
     * @return a name such as {@code "hash-listpack"}, or {@code "unknown"}.
     */
    public static String typeName(final int type)
    {
        if (type >= 0 && type < TYPE_NAMES.length && TYPE_NAMES[type] != null)
        {
            return TYPE_NAMES[type];
        }

        switch (type)
        {
            case OPCODE_SLOT_INFO: return "opcode slot-info";
            case OPCODE_FUNCTION2: return "opcode function2 (function library)";
            case OPCODE_FUNCTION_PRE_GA: return "opcode function-pre-ga (function library)";
            case OPCODE_MODULE_AUX: return "opcode module-aux";
            default: return "unknown";
        }
    }
}

package io.vigil.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.vigil.core.CommandSpec.NO_KEYS;
import static io.vigil.core.CommandSpec.READONLY;
import static io.vigil.core.CommandSpec.WRITE;
import static io.vigil.core.Replies.isOption;

/**
 * Keyspace and expiry commands, with Redis 7 semantics (db.c, expire.c). Write handlers run on the writer; read
 * handlers on any thread.
 */
final class KeyCommands
{
    private static final int EXPIRE_NX = 1;
    private static final int EXPIRE_XX = 1 << 1;
    private static final int EXPIRE_GT = 1 << 2;
    private static final int EXPIRE_LT = 1 << 3;

    private static final StatusReply STRING = new StatusReply("string");
    private static final StatusReply NONE = new StatusReply("none");
    private static final byte[] ZERO_CURSOR = { '0' };

    private KeyCommands()
    {
    }

    static void register(final CommandTable t)
    {
        t.add("del", -2, WRITE, KeyCommands::del);
        t.add("unlink", -2, WRITE, KeyCommands::del);
        t.add("exists", -2, READONLY, KeyCommands::exists);
        t.add("type", 2, READONLY, KeyCommands::type);
        t.add("expire", -3, WRITE, (ctx, argv, argc) -> expire(ctx, argv, argc, "expire", true, 1000L));
        t.add("pexpire", -3, WRITE, (ctx, argv, argc) -> expire(ctx, argv, argc, "pexpire", true, 1L));
        t.add("expireat", -3, WRITE, (ctx, argv, argc) -> expire(ctx, argv, argc, "expireat", false, 1000L));
        t.add("pexpireat", -3, WRITE, (ctx, argv, argc) -> expire(ctx, argv, argc, "pexpireat", false, 1L));
        t.add("ttl", 2, READONLY, (ctx, argv, argc) -> ttl(ctx, argv[1], false, false));
        t.add("pttl", 2, READONLY, (ctx, argv, argc) -> ttl(ctx, argv[1], true, false));
        t.add("expiretime", 2, READONLY, (ctx, argv, argc) -> ttl(ctx, argv[1], false, true));
        t.add("pexpiretime", 2, READONLY, (ctx, argv, argc) -> ttl(ctx, argv[1], true, true));
        t.add("persist", 2, WRITE, KeyCommands::persist);
        t.add("rename", 3, WRITE, (ctx, argv, argc) -> rename(ctx, argv, false));
        t.add("renamenx", 3, WRITE, (ctx, argv, argc) -> rename(ctx, argv, true));
        t.add("dbsize", 1, READONLY | NO_KEYS, (ctx, argv, argc) -> ctx.keyspace.size());
        t.add("flushall", -1, WRITE | NO_KEYS, KeyCommands::flush);
        t.add("flushdb", -1, WRITE | NO_KEYS, KeyCommands::flush);
        t.add("keys", 2, READONLY | NO_KEYS, KeyCommands::keys);
        t.add("scan", -2, READONLY | NO_KEYS, KeyCommands::scan);
        t.add("randomkey", 1, READONLY | NO_KEYS, KeyCommands::randomkey);
    }

    static Object del(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        long deleted = 0;
        for (int i = 1; i < argc; i++)
        {
            final int hash = ctx.hash(argv[i]);
            if (ctx.lookupWrite(argv[i], hash) != null && ctx.delete(argv[i], hash))
            {
                deleted++;
            }
        }
        return deleted;
    }

    static Object exists(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        long count = 0;
        for (int i = 1; i < argc; i++)
        {
            if (ctx.lookupRead(argv[i]) != null)
            {
                count++;
            }
        }
        return count;
    }

    static Object type(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        return ctx.lookupRead(argv[1]) == null ? NONE : STRING;
    }

    /**
     * expire.c expireGenericCommand.
     */
    static Object expire(
        final CommandContext ctx,
        final byte[][] argv,
        final int argc,
        final String command,
        final boolean relative,
        final long unitMs)
    {
        int flags = 0;
        for (int j = 3; j < argc; j++)
        {
            final byte[] opt = argv[j];
            if (isOption(opt, "NX"))
            {
                flags |= EXPIRE_NX;
            }
            else if (isOption(opt, "XX"))
            {
                flags |= EXPIRE_XX;
            }
            else if (isOption(opt, "GT"))
            {
                flags |= EXPIRE_GT;
            }
            else if (isOption(opt, "LT"))
            {
                flags |= EXPIRE_LT;
            }
            else
            {
                // expire.c formats the option with %s: it ends at a NUL byte, and newlines become spaces.
                return new ErrorReply(Replies.sanitize(
                    "ERR Unsupported option " + new String(Replies.cString(opt), StandardCharsets.UTF_8)));
            }
        }
        if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0)
        {
            return new ErrorReply("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0)
        {
            return new ErrorReply("ERR GT and LT options at the same time are not compatible");
        }

        final long[] n = new long[1];
        if (!Replies.parseLong(argv[2], n))
        {
            return Replies.NOT_INTEGER;
        }
        long when = n[0];
        if (unitMs == 1000L)
        {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000)
            {
                return Replies.invalidExpireTime(command);
            }
            when *= 1000;
        }
        final long basetime = relative ? ctx.nowMs : 0;
        if (when > Long.MAX_VALUE - basetime)
        {
            return Replies.invalidExpireTime(command);
        }
        when += basetime;

        final int hash = ctx.hash(argv[1]);
        final Entry e = ctx.lookupWrite(argv[1], hash);
        if (e == null)
        {
            return Replies.ZERO;
        }
        if (flags != 0)
        {
            final long current = e.expireAtMs;
            if ((flags & EXPIRE_NX) != 0 && current != Entry.NO_EXPIRY)
            {
                return Replies.ZERO;
            }
            if ((flags & EXPIRE_XX) != 0 && current == Entry.NO_EXPIRY)
            {
                return Replies.ZERO;
            }
            if ((flags & EXPIRE_GT) != 0 && (when <= current || current == Entry.NO_EXPIRY))
            {
                return Replies.ZERO;
            }
            if ((flags & EXPIRE_LT) != 0 && current != Entry.NO_EXPIRY && when >= current)
            {
                return Replies.ZERO;
            }
        }
        if (ctx.alreadyExpired(when))
        {
            ctx.delete(argv[1], hash);
        }
        else
        {
            ctx.expireAt(argv[1], e, when);
        }
        return Replies.ONE;
    }

    /**
     * expire.c ttlGenericCommand.
     */
    static Object ttl(final CommandContext ctx, final byte[] key, final boolean ms, final boolean absolute)
    {
        final Entry e = ctx.lookupRead(key);
        if (e == null)
        {
            return -2L;
        }
        if (e.expireAtMs == Entry.NO_EXPIRY)
        {
            return -1L;
        }
        long ttl = absolute ? e.expireAtMs : e.expireAtMs - ctx.now();
        if (ttl < 0)
        {
            ttl = 0;
        }
        // Redis rounds with (ttl+500)/1000, which for deadlines near Long.MAX_VALUE wraps past the signed range; the
        // reply it sends is the unsigned quotient.
        return ms ? ttl : Long.divideUnsigned(ttl + 500, 1000);
    }

    static Object persist(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final Entry e = ctx.lookupWrite(argv[1], ctx.hash(argv[1]));
        if (e == null || !e.hasExpiry())
        {
            return Replies.ZERO;
        }
        ctx.persist(argv[1], e);
        return Replies.ONE;
    }

    /**
     * db.c renameGenericCommand. Logged as the SET of the destination, with the source's deadline, then the DEL of
     * the source.
     */
    static Object rename(final CommandContext ctx, final byte[][] argv, final boolean nx)
    {
        final byte[] src = argv[1];
        final byte[] dst = argv[2];
        final int srcHash = ctx.hash(src);
        final Entry e = ctx.lookupWrite(src, srcHash);
        if (e == null)
        {
            return Replies.NO_SUCH_KEY;
        }
        if (java.util.Arrays.equals(src, dst))
        {
            return nx ? Replies.ZERO : StatusReply.OK;
        }
        final int dstHash = ctx.hash(dst);
        if (nx && ctx.lookupWrite(dst, dstHash) != null)
        {
            return Replies.ZERO;
        }
        ctx.set(dst, dstHash, e.value, e.expireAtMs);
        ctx.delete(src, srcHash);
        return nx ? Replies.ONE : StatusReply.OK;
    }

    static Object flush(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        // db.c getFlushCommandFlags
        if (argc > 2 || (argc == 2 && !isOption(argv[1], "SYNC") && !isOption(argv[1], "ASYNC")))
        {
            return Replies.SYNTAX_ERROR;
        }
        ctx.flushAll();
        return StatusReply.OK;
    }

    static Object keys(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final byte[] pattern = argv[1];
        final boolean all = Glob.matchesAll(pattern);
        final long now = ctx.now();
        final byte[] scratch = new byte[Entry.INLINE_KEY_BYTES];
        final List<Object> keys = new ArrayList<>();
        ctx.keyspace.forEach(e ->
        {
            if (!e.isExpired(now) && (all || keyMatches(pattern, e, scratch)))
            {
                keys.add(e.key());
            }
        });
        return keys.toArray();
    }

    /**
     * db.c scanGenericCommand for the keyspace.
     */
    static Object scan(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final long[] parsed = new long[1];
        if (!parseCursor(argv[1], parsed))
        {
            return new ErrorReply("ERR invalid cursor");
        }
        final long cursor = parsed[0];
        long count = 10;
        byte[] pattern = null;
        byte[] type = null;
        int i = 2;
        while (i < argc)
        {
            final int remaining = argc - i;
            if (isOption(argv[i], "COUNT") && remaining >= 2)
            {
                final long[] n = new long[1];
                if (!Replies.parseLong(argv[i + 1], n))
                {
                    return Replies.NOT_INTEGER;
                }
                if (n[0] < 1)
                {
                    return Replies.SYNTAX_ERROR;
                }
                count = n[0];
                i += 2;
            }
            else if (isOption(argv[i], "MATCH") && remaining >= 2)
            {
                pattern = Glob.matchesAll(argv[i + 1]) ? null : argv[i + 1];
                i += 2;
            }
            else if (isOption(argv[i], "TYPE") && remaining >= 2)
            {
                type = argv[i + 1];
                i += 2;
            }
            else
            {
                return Replies.SYNTAX_ERROR;
            }
        }

        if (ctx.keyspace.size() == 0)
        {
            // dict.c dictScan: an empty table ends the iteration at once, whatever the cursor and COUNT.
            return new Object[]{ ZERO_CURSOR, Replies.EMPTY_ARRAY };
        }
        final long now = ctx.now();
        final byte[] scratch = new byte[Entry.INLINE_KEY_BYTES];
        final List<Object> keys = new ArrayList<>();
        final byte[] match = pattern;
        final boolean typeMatches = type == null || isOption(type, "STRING");
        final long next = ctx.keyspace.scan(cursor, (int)Math.min(count, Integer.MAX_VALUE / 10), e ->
        {
            if (typeMatches && !e.isExpired(now) && (match == null || keyMatches(match, e, scratch)))
            {
                keys.add(e.key());
            }
        });
        return new Object[]{ Long.toUnsignedString(next).getBytes(StandardCharsets.US_ASCII), keys.toArray() };
    }

    /**
     * db.c parseScanCursorOrReply: strtoul with no leading space, nothing after the digits, no overflow. A leading
     * '-' negates, as strtoul does.
     */
    static boolean parseCursor(final byte[] arg, final long[] out)
    {
        // strtoul reads a C string: a NUL byte ends the cursor.
        final byte[] s = Replies.cString(arg);
        out[0] = 0;
        if (s.length == 0)
        {
            return true;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '+' || s[0] == '-')
        {
            negative = s[0] == '-';
            i++;
        }
        if (i == s.length)
        {
            return false;
        }
        long value = 0;
        for (; i < s.length; i++)
        {
            final int d = s[i] - '0';
            if (d < 0 || d > 9 || Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, 10)) > 0)
            {
                return false;
            }
            value = value * 10 + d;
        }
        out[0] = negative ? -value : value;
        return true;
    }

    /**
     * Match an entry's key without building a short key's array: only the keys that match are built, once each.
     *
     * @param scratch {@link Entry#INLINE_KEY_BYTES} bytes to copy a short key into.
     */
    private static boolean keyMatches(final byte[] pattern, final Entry e, final byte[] scratch)
    {
        return e instanceof Entry.LongKey ?
            Glob.matches(pattern, ((Entry.LongKey)e).key) : Glob.matches(pattern, scratch, e.copyInlineKey(scratch));
    }

    static Object randomkey(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final Entry e = ctx.keyspace.randomEntry(CommandContext.random(), ctx.now());
        return e == null ? null : e.key();
    }
}

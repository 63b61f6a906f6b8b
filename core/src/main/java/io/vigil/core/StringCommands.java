package io.vigil.core;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static io.vigil.core.CommandSpec.DENY_OOM;
import static io.vigil.core.CommandSpec.READONLY;
import static io.vigil.core.CommandSpec.WRITE;
import static io.vigil.core.Replies.isOption;

/**
 * The string commands, with Redis 7 semantics (t_string.c). Write handlers run on the writer; read handlers on any
 * thread.
 */
final class StringCommands
{
    private static final int SET_NX = 1;
    private static final int SET_XX = 1 << 1;
    private static final int SET_GET = 1 << 2;
    private static final int KEEPTTL = 1 << 3;
    private static final int PERSIST = 1 << 4;
    private static final int EX = 1 << 5;
    private static final int PX = 1 << 6;
    private static final int EXAT = 1 << 7;
    private static final int PXAT = 1 << 8;
    private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;

    private static final boolean SET_COMMAND = true;
    private static final boolean GETEX_COMMAND = false;

    private StringCommands()
    {
    }

    static void register(final CommandTable t)
    {
        t.add("get", 2, READONLY, StringCommands::get);
        t.add("set", -3, WRITE | DENY_OOM, StringCommands::set);
        t.add("setnx", 3, WRITE | DENY_OOM, StringCommands::setnx);
        t.add("setex", 4, WRITE | DENY_OOM, (ctx, argv, argc) -> setex(ctx, argv, 1000L));
        t.add("psetex", 4, WRITE | DENY_OOM, (ctx, argv, argc) -> setex(ctx, argv, 1L));
        t.add("getset", 3, WRITE | DENY_OOM, StringCommands::getset);
        t.add("getdel", 2, WRITE, StringCommands::getdel);
        t.add("getex", -2, WRITE, StringCommands::getex);
        t.add("mget", -2, READONLY, StringCommands::mget);
        t.add("mset", -3, WRITE | DENY_OOM, (ctx, argv, argc) -> mset(ctx, argv, argc, false));
        t.add("msetnx", -3, WRITE | DENY_OOM, (ctx, argv, argc) -> mset(ctx, argv, argc, true));
        t.add("incr", 2, WRITE | DENY_OOM, (ctx, argv, argc) -> incrBy(ctx, argv[1], 1));
        t.add("decr", 2, WRITE | DENY_OOM, (ctx, argv, argc) -> incrBy(ctx, argv[1], -1));
        t.add("incrby", 3, WRITE | DENY_OOM, (ctx, argv, argc) -> incrByArg(ctx, argv, false));
        t.add("decrby", 3, WRITE | DENY_OOM, (ctx, argv, argc) -> incrByArg(ctx, argv, true));
        t.add("incrbyfloat", 3, WRITE | DENY_OOM, StringCommands::incrByFloat);
        t.add("append", 3, WRITE | DENY_OOM, StringCommands::append);
        t.add("strlen", 2, READONLY, StringCommands::strlen);
        t.add("getrange", 4, READONLY, StringCommands::getrange);
        t.add("substr", 4, READONLY, StringCommands::getrange);
        t.add("setrange", 4, WRITE | DENY_OOM, StringCommands::setrange);
    }

    static Object get(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final Entry e = ctx.lookupRead(argv[1]);
        return e == null ? null : e.value;
    }

    static Object mget(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final Object[] values = new Object[argc - 1];
        for (int i = 1; i < argc; i++)
        {
            final Entry e = ctx.lookupRead(argv[i]);
            values[i - 1] = e == null ? null : e.value;
        }
        return values;
    }

    static Object strlen(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final Entry e = ctx.lookupRead(argv[1]);
        return e == null ? Replies.ZERO : Long.valueOf(e.value.length);
    }

    static Object getrange(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final long[] n = new long[1];
        if (!Replies.parseLong(argv[2], n))
        {
            return Replies.NOT_INTEGER;
        }
        long start = n[0];
        if (!Replies.parseLong(argv[3], n))
        {
            return Replies.NOT_INTEGER;
        }
        long end = n[0];
        final Entry e = ctx.lookupRead(argv[1]);
        if (e == null)
        {
            return Replies.EMPTY;
        }
        final long length = e.value.length;
        if (start < 0 && end < 0 && start > end)
        {
            return Replies.EMPTY;
        }
        if (start < 0)
        {
            start += length;
        }
        if (end < 0)
        {
            end += length;
        }
        start = Math.max(0, start);
        end = Math.max(0, end);
        if (end >= length)
        {
            end = length - 1;
        }
        if (start > end || length == 0)
        {
            return Replies.EMPTY;
        }
        final byte[] range = new byte[(int)(end - start + 1)];
        System.arraycopy(e.value, (int)start, range, 0, range.length);
        return range;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // SET and friends.
    // ---------------------------------------------------------------------------------------------------------------

    static Object set(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        if (argc == 3)
        {
            // Plain SET overwrites whatever is there, so it needs neither option parsing nor a lookup first.
            ctx.set(argv[1], ctx.hash(argv[1]), argv[2], Entry.NO_EXPIRY);
            return StatusReply.OK;
        }
        final long[] expire = new long[1];
        final int flags = parseExtendedArguments(argv, argc, 3, SET_COMMAND, expire);
        if (flags < 0)
        {
            return flags == -1 ? Replies.SYNTAX_ERROR : Replies.NOT_INTEGER;
        }
        return setGeneric(ctx, "set", flags, argv[1], argv[2], expire[0], StatusReply.OK, null);
    }

    static Object setnx(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        return setGeneric(ctx, "setnx", SET_NX, argv[1], argv[2], 0, Replies.ONE, Replies.ZERO);
    }

    static Object setex(final CommandContext ctx, final byte[][] argv, final long unitMs)
    {
        final long[] n = new long[1];
        if (!Replies.parseLong(argv[2], n))
        {
            return Replies.NOT_INTEGER;
        }
        final int flags = unitMs == 1000L ? EX : PX;
        return setGeneric(ctx, unitMs == 1000L ? "setex" : "psetex", flags, argv[1], argv[3], n[0], StatusReply.OK, null);
    }

    /**
     * t_string.c setGenericCommand.
     */
    private static Object setGeneric(
        final CommandContext ctx,
        final String command,
        final int flags,
        final byte[] key,
        final byte[] value,
        final long expireArg,
        final Object okReply,
        final Object abortReply)
    {
        long deadline = Entry.NO_EXPIRY;
        if ((flags & ANY_EXPIRE) != 0)
        {
            deadline = expireMilliseconds(ctx, flags, expireArg);
            if (deadline == Long.MIN_VALUE)
            {
                return Replies.invalidExpireTime(command);
            }
        }
        final int hash = ctx.hash(key);
        final Entry existing = ctx.lookupWrite(key, hash);
        final Object previous = existing == null ? null : existing.value;
        if (((flags & SET_NX) != 0 && existing != null) || ((flags & SET_XX) != 0 && existing == null))
        {
            return (flags & SET_GET) != 0 ? previous : abortReply;
        }
        if ((flags & KEEPTTL) != 0 && existing != null)
        {
            deadline = existing.expireAtMs;
        }
        ctx.set(key, hash, value, deadline);
        return (flags & SET_GET) != 0 ? previous : okReply;
    }

    /**
     * t_string.c getExpireMillisecondsOrReply.
     *
     * @return the absolute deadline, or Long.MIN_VALUE for "invalid expire time".
     */
    private static long expireMilliseconds(final CommandContext ctx, final int flags, final long value)
    {
        final boolean seconds = (flags & (EX | EXAT)) != 0;
        if (value <= 0 || (seconds && value > Long.MAX_VALUE / 1000))
        {
            return Long.MIN_VALUE;
        }
        long ms = seconds ? value * 1000 : value;
        if ((flags & (EX | PX)) != 0)
        {
            ms += ctx.nowMs;
        }
        return ms <= 0 ? Long.MIN_VALUE : ms;
    }

    /**
     * t_string.c parseExtendedStringArgumentsOrReply, for SET (from argument 3) and GETEX (from argument 2).
     *
     * @return flags, or -1 for a syntax error, or -2 when the expire argument is not an integer.
     */
    private static int parseExtendedArguments(
        final byte[][] argv, final int argc, final int from, final boolean set, final long[] expire)
    {
        int flags = 0;
        byte[] expireArg = null;
        for (int j = from; j < argc; j++)
        {
            final byte[] opt = argv[j];
            final boolean hasNext = j < argc - 1;
            if (set && isOption(opt, "NX") && (flags & SET_XX) == 0)
            {
                flags |= SET_NX;
            }
            else if (set && isOption(opt, "XX") && (flags & SET_NX) == 0)
            {
                flags |= SET_XX;
            }
            else if (set && isOption(opt, "GET"))
            {
                flags |= SET_GET;
            }
            else if (set && isOption(opt, "KEEPTTL") && (flags & (PERSIST | ANY_EXPIRE)) == 0)
            {
                flags |= KEEPTTL;
            }
            else if (!set && isOption(opt, "PERSIST") && (flags & (ANY_EXPIRE | KEEPTTL)) == 0)
            {
                flags |= PERSIST;
            }
            else if (isOption(opt, "EX") && (flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT)) == 0 && hasNext)
            {
                flags |= EX;
                expireArg = argv[++j];
            }
            else if (isOption(opt, "PX") && (flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT)) == 0 && hasNext)
            {
                flags |= PX;
                expireArg = argv[++j];
            }
            else if (isOption(opt, "EXAT") && (flags & (KEEPTTL | PERSIST | EX | PX | PXAT)) == 0 && hasNext)
            {
                flags |= EXAT;
                expireArg = argv[++j];
            }
            else if (isOption(opt, "PXAT") && (flags & (KEEPTTL | PERSIST | EX | EXAT | PX)) == 0 && hasNext)
            {
                flags |= PXAT;
                expireArg = argv[++j];
            }
            else
            {
                return -1;
            }
        }
        if (expireArg != null)
        {
            if (!Replies.parseLong(expireArg, expire))
            {
                return -2;
            }
        }
        return flags;
    }

    static Object getset(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final int hash = ctx.hash(argv[1]);
        final Entry existing = ctx.lookupWrite(argv[1], hash);
        ctx.set(argv[1], hash, argv[2], Entry.NO_EXPIRY);
        return existing == null ? null : existing.value;
    }

    static Object getdel(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final int hash = ctx.hash(argv[1]);
        final Entry existing = ctx.lookupWrite(argv[1], hash);
        if (existing == null)
        {
            return null;
        }
        ctx.delete(argv[1], hash);
        return existing.value;
    }

    static Object getex(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final long[] expire = new long[1];
        final int flags = parseExtendedArguments(argv, argc, 2, GETEX_COMMAND, expire);
        if (flags == -1)
        {
            return Replies.SYNTAX_ERROR;
        }
        final int hash = ctx.hash(argv[1]);
        final Entry existing = ctx.lookupWrite(argv[1], hash);
        if (existing == null)
        {
            return null;
        }
        if (flags == -2)
        {
            return Replies.NOT_INTEGER;
        }
        if ((flags & ANY_EXPIRE) != 0)
        {
            final long deadline = expireMilliseconds(ctx, flags, expire[0]);
            if (deadline == Long.MIN_VALUE)
            {
                return Replies.invalidExpireTime("getex");
            }
            if ((flags & (EXAT | PXAT)) != 0 && ctx.alreadyExpired(deadline))
            {
                ctx.delete(argv[1], hash);
            }
            else
            {
                ctx.expireAt(argv[1], existing, deadline);
            }
        }
        else if ((flags & PERSIST) != 0 && existing.hasExpiry())
        {
            ctx.persist(argv[1], existing);
        }
        return existing.value;
    }

    static Object mset(final CommandContext ctx, final byte[][] argv, final int argc, final boolean nx)
    {
        if ((argc & 1) == 0)
        {
            return Replies.wrongArity(nx ? "msetnx" : "mset");
        }
        if (nx)
        {
            for (int i = 1; i < argc; i += 2)
            {
                if (ctx.lookupWrite(argv[i], ctx.hash(argv[i])) != null)
                {
                    return Replies.ZERO;
                }
            }
        }
        for (int i = 1; i < argc; i += 2)
        {
            ctx.set(argv[i], ctx.hash(argv[i]), argv[i + 1], Entry.NO_EXPIRY);
        }
        return nx ? Replies.ONE : StatusReply.OK;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Counters.
    // ---------------------------------------------------------------------------------------------------------------

    static Object incrByArg(final CommandContext ctx, final byte[][] argv, final boolean decrement)
    {
        final long[] n = new long[1];
        if (!Replies.parseLong(argv[2], n))
        {
            return Replies.NOT_INTEGER;
        }
        if (decrement)
        {
            if (n[0] == Long.MIN_VALUE)
            {
                // t_string.c decrbyCommand
                return new ErrorReply("ERR decrement would overflow");
            }
            return incrBy(ctx, argv[1], -n[0]);
        }
        return incrBy(ctx, argv[1], n[0]);
    }

    /**
     * t_string.c incrDecrCommand. Logged as the SET of the result, keeping the key's deadline.
     */
    static Object incrBy(final CommandContext ctx, final byte[] key, final long increment)
    {
        final int hash = ctx.hash(key);
        final Entry existing = ctx.lookupWrite(key, hash);
        long value = 0;
        if (existing != null)
        {
            final long[] n = new long[1];
            if (!Replies.parseLong(existing.value, n))
            {
                return Replies.NOT_INTEGER;
            }
            value = n[0];
        }
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value) ||
            (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value))
        {
            return Replies.OVERFLOW;
        }
        value += increment;
        ctx.set(key, hash, Replies.longBytes(value), existing == null ? Entry.NO_EXPIRY : existing.expireAtMs);
        return value;
    }

    /**
     * t_string.c incrbyfloatCommand: both operands are parsed with strtold and added in long double, which on the
     * x86-64 Linux builds of Redis is the x87 80-bit format; {@link LongDouble} reproduces that arithmetic exactly so
     * results match digit for digit. Logged as the SET of the result, keeping the key's deadline.
     */
    static Object incrByFloat(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final byte[] key = argv[1];
        final int hash = ctx.hash(key);
        final Entry existing = ctx.lookupWrite(key, hash);
        final LongDouble current = existing == null ? LongDouble.ZERO : LongDouble.parse(existing.value);
        if (current == null)
        {
            return Replies.NOT_FLOAT;
        }
        final LongDouble increment = LongDouble.parse(argv[2]);
        if (increment == null)
        {
            return Replies.NOT_FLOAT;
        }
        final LongDouble sum = current.add(increment);
        if (sum.isInfinite())
        {
            return new ErrorReply("ERR increment would produce NaN or Infinity");
        }
        final byte[] result = sum.toHumanString();
        ctx.set(key, hash, result, existing == null ? Entry.NO_EXPIRY : existing.expireAtMs);
        return result;
    }

    /**
     * An x87 80-bit extended precision value (C's long double on x86-64): a 64-bit significand with an explicit
     * leading bit and a 15-bit exponent, with subnormals. Finite values are held exactly as
     * {@code mantissa * 2^exponent}. Every operation rounds to nearest, ties to even, as the FPU does by default.
     * Immutable.
     */
    static final class LongDouble
    {
        static final LongDouble ZERO = new LongDouble(BigInteger.ZERO, 0, 0);
        private static final LongDouble INFINITY = new LongDouble(BigInteger.ZERO, 0, 1);
        private static final LongDouble NEGATIVE_INFINITY = new LongDouble(BigInteger.ZERO, 0, -1);
        /** Significand bits. */
        private static final int PRECISION = 64;
        /** Exponent of the least significant bit of the smallest subnormal, 2^-16445. */
        private static final int MIN_LSB_EXPONENT = -16445;
        /** Values of 2^16384 and more overflow. */
        private static final int OVERFLOW_BITS = 16384;
        /** Marks a rounding result that underflowed to zero from a non-zero value (strtold's ERANGE). */
        private static final LongDouble UNDERFLOW = new LongDouble(BigInteger.ZERO, 0, 0);
        private static final BigInteger TEN_TO_17 = BigInteger.TEN.pow(17);

        /** Signed significand; zero for zero and the infinities. */
        private final BigInteger mantissa;
        private final int exponent;
        /** 0 for a finite value, else the sign of the infinity. */
        private final int infinity;

        private LongDouble(final BigInteger mantissa, final int exponent, final int infinity)
        {
            this.mantissa = mantissa;
            this.exponent = exponent;
            this.infinity = infinity;
        }

        boolean isInfinite()
        {
            return infinity != 0;
        }

        /**
         * util.c string2ld: the whole of the bytes must be a number strtold accepts (decimal, hexadecimal with an
         * optional binary exponent, or an infinity), with no leading space; NaN, and numbers that overflow or
         * underflow to zero, are invalid.
         *
         * @return the value, or null if invalid.
         */
        static LongDouble parse(final byte[] s)
        {
            final int length = s.length;
            // MAX_LONG_DOUBLE_CHARS is the size of string2ld's buffer, terminator included.
            if (length == 0 || length >= 5 * 1024 || isSpace(s[0]))
            {
                return null;
            }
            int i = 0;
            boolean negative = false;
            if (s[0] == '+' || s[0] == '-')
            {
                negative = s[0] == '-';
                i++;
            }
            final LongDouble value;
            if (matchesIgnoreCase(s, i, "infinity") || matchesIgnoreCase(s, i, "inf"))
            {
                return negative ? NEGATIVE_INFINITY : INFINITY;
            }
            else if (length - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
            {
                value = parseHex(s, i + 2);
            }
            else
            {
                value = parseDecimal(s, i);
            }
            if (value == null || value == UNDERFLOW || value.isInfinite())
            {
                return null;
            }
            return negative ? value.negate() : value;
        }

        private static boolean isSpace(final byte c)
        {
            return c == ' ' || (c >= '\t' && c <= '\r');
        }

        private static boolean matchesIgnoreCase(final byte[] s, final int from, final String word)
        {
            if (s.length - from != word.length())
            {
                return false;
            }
            for (int i = 0; i < word.length(); i++)
            {
                if (Character.toLowerCase((char)s[from + i]) != word.charAt(i))
                {
                    return false;
                }
            }
            return true;
        }

        /**
         * digits [. digits] [e [sign] digits], at least one digit in the significand.
         */
        private static LongDouble parseDecimal(final byte[] s, final int from)
        {
            final StringBuilder digits = new StringBuilder();
            int i = from;
            int fractionDigits = 0;
            boolean point = false;
            for (; i < s.length; i++)
            {
                final byte c = s[i];
                if (c >= '0' && c <= '9')
                {
                    digits.append((char)c);
                    if (point)
                    {
                        fractionDigits++;
                    }
                }
                else if (c == '.' && !point)
                {
                    point = true;
                }
                else
                {
                    break;
                }
            }
            if (digits.length() == 0)
            {
                return null;
            }
            long exp = 0;
            if (i < s.length && (s[i] == 'e' || s[i] == 'E'))
            {
                final long[] parsed = new long[1];
                i = parseExponent(s, i + 1, parsed);
                if (i < 0)
                {
                    return null;
                }
                exp = parsed[0];
            }
            if (i != s.length)
            {
                return null;
            }
            final BigInteger n = new BigInteger(digits.toString());
            if (n.signum() == 0)
            {
                return ZERO;
            }
            final long scale = exp - fractionDigits;
            // Beyond these the value certainly overflows or underflows: the largest long double is about 1.19e4932
            // and the smallest subnormal about 3.65e-4951.
            final long magnitude = scale + n.toString().length();
            if (magnitude > 4940)
            {
                return INFINITY;
            }
            if (magnitude < -4960)
            {
                return UNDERFLOW;
            }
            return scale >= 0 ?
                roundBinary(n.multiply(BigInteger.TEN.pow((int)scale)), 0, false) :
                round(n, BigInteger.TEN.pow((int)-scale));
        }

        /**
         * hexdigits [. hexdigits] [p [sign] digits], at least one hex digit, after the "0x".
         */
        private static LongDouble parseHex(final byte[] s, final int from)
        {
            BigInteger n = BigInteger.ZERO;
            int i = from;
            int fractionDigits = 0;
            int count = 0;
            boolean point = false;
            for (; i < s.length; i++)
            {
                final int d = Character.digit((char)s[i], 16);
                if (d >= 0 && s[i] >= 0)
                {
                    n = n.shiftLeft(4).add(BigInteger.valueOf(d));
                    count++;
                    if (point)
                    {
                        fractionDigits++;
                    }
                }
                else if (s[i] == '.' && !point)
                {
                    point = true;
                }
                else
                {
                    break;
                }
            }
            if (count == 0)
            {
                return null;
            }
            long exp = 0;
            if (i < s.length && (s[i] == 'p' || s[i] == 'P'))
            {
                final long[] parsed = new long[1];
                i = parseExponent(s, i + 1, parsed);
                if (i < 0)
                {
                    return null;
                }
                exp = parsed[0];
            }
            if (i != s.length)
            {
                return null;
            }
            if (n.signum() == 0)
            {
                return ZERO;
            }
            final long scale = exp - 4L * fractionDigits;
            final long magnitude = scale + n.bitLength();
            if (magnitude > OVERFLOW_BITS + 1)
            {
                return INFINITY;
            }
            if (magnitude < MIN_LSB_EXPONENT - 2)
            {
                return UNDERFLOW;
            }
            return roundBinary(n, (int)scale, false);
        }

        /**
         * [sign] digits, saturating far beyond any meaningful exponent.
         *
         * @return the index after the exponent, or -1 if there are no digits.
         */
        private static int parseExponent(final byte[] s, final int from, final long[] out)
        {
            int i = from;
            boolean negative = false;
            if (i < s.length && (s[i] == '+' || s[i] == '-'))
            {
                negative = s[i] == '-';
                i++;
            }
            final int start = i;
            long exp = 0;
            for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++)
            {
                exp = Math.min(exp * 10 + (s[i] - '0'), 1_000_000_000L);
            }
            if (i == start)
            {
                return -1;
            }
            out[0] = negative ? -exp : exp;
            return i;
        }

        /**
         * Round the positive rational num/den to the nearest long double, ties to even.
         *
         * @return the value, {@link #INFINITY} on overflow or {@link #UNDERFLOW} if it rounds to zero.
         */
        private static LongDouble round(final BigInteger num, final BigInteger den)
        {
            // Scale so that the integer quotient q has 66 or 67 bits: value = (q + r/d) * 2^-shift.
            final int shift = PRECISION + 2 - (num.bitLength() - den.bitLength());
            final BigInteger n = shift >= 0 ? num.shiftLeft(shift) : num;
            final BigInteger d = shift >= 0 ? den : den.shiftLeft(-shift);
            final BigInteger[] qr = n.divideAndRemainder(d);
            final BigInteger q = qr[0];
            final int topExponent = q.bitLength() - 1 - shift;
            final int lsbExponent = Math.max(topExponent - (PRECISION - 1), MIN_LSB_EXPONENT);
            final int drop = lsbExponent + shift;
            BigInteger m = q.shiftRight(drop);
            final boolean half = q.testBit(drop - 1);
            final boolean rest = qr[1].signum() != 0 || (q.signum() != 0 && q.getLowestSetBit() < drop - 1);
            if (half && (rest || m.testBit(0)))
            {
                m = m.add(BigInteger.ONE);
            }
            if (m.signum() == 0)
            {
                return UNDERFLOW;
            }
            if ((long)m.bitLength() + lsbExponent > OVERFLOW_BITS)
            {
                return INFINITY;
            }
            return new LongDouble(m, lsbExponent, 0);
        }

        /**
         * Round the positive value num * 2^exponent to the nearest long double, ties to even, with shifts only.
         *
         * @return the value, an infinity on overflow or {@link #UNDERFLOW} if it rounds to zero.
         */
        private static LongDouble roundBinary(final BigInteger num, final int exponent, final boolean negative)
        {
            final int topExponent = num.bitLength() - 1 + exponent;
            final int lsbExponent = Math.max(topExponent - (PRECISION - 1), MIN_LSB_EXPONENT);
            final int drop = lsbExponent - exponent;
            BigInteger m = num;
            int lsb = exponent;
            if (drop > 0)
            {
                m = num.shiftRight(drop);
                lsb = lsbExponent;
                final boolean half = num.testBit(drop - 1);
                if (half && (num.getLowestSetBit() < drop - 1 || m.testBit(0)))
                {
                    m = m.add(BigInteger.ONE);
                }
                if (m.signum() == 0)
                {
                    return UNDERFLOW;
                }
            }
            if ((long)m.bitLength() + lsb > OVERFLOW_BITS)
            {
                return negative ? NEGATIVE_INFINITY : INFINITY;
            }
            return new LongDouble(negative ? m.negate() : m, lsb, 0);
        }

        LongDouble negate()
        {
            return infinity != 0 ? (infinity > 0 ? NEGATIVE_INFINITY : INFINITY) :
                new LongDouble(mantissa.negate(), exponent, 0);
        }

        /**
         * @return the sum rounded to a long double; an infinity on overflow, or for the sum of opposite infinities
         * (which the FPU makes NaN; callers only need to know it is not finite).
         */
        LongDouble add(final LongDouble other)
        {
            if (infinity != 0 || other.infinity != 0)
            {
                return infinity != 0 ? this : other;
            }
            if (mantissa.signum() == 0)
            {
                return other;
            }
            if (other.mantissa.signum() == 0)
            {
                return this;
            }
            final int e = Math.min(exponent, other.exponent);
            final BigInteger sum = mantissa.shiftLeft(exponent - e).add(other.mantissa.shiftLeft(other.exponent - e));
            if (sum.signum() == 0)
            {
                return ZERO;
            }
            final LongDouble r = roundBinary(sum.abs(), e, sum.signum() < 0);
            return r == UNDERFLOW ? ZERO : r;
        }

        /**
         * util.c ld2string in LD_STR_HUMAN mode: printf "%.17Lf" (the exact value rounded half to even at the 17th
         * decimal), trailing zeros after the point removed, then a trailing point, and "-0" written "0".
         */
        byte[] toHumanString()
        {
            final boolean negative = mantissa.signum() < 0;
            final String text;
            if (exponent >= 0)
            {
                // An integer: every decimal is zero and gets stripped.
                text = mantissa.abs().shiftLeft(exponent).toString();
            }
            else
            {
                // round(|value| * 10^17) = round(|mantissa| * 10^17 / 2^-exponent), then place the point.
                final BigInteger scaled = mantissa.abs().multiply(TEN_TO_17);
                final int shift = -exponent;
                BigInteger q = scaled.shiftRight(shift);
                if (scaled.testBit(shift - 1) && (scaled.getLowestSetBit() < shift - 1 || q.testBit(0)))
                {
                    q = q.add(BigInteger.ONE);
                }
                final StringBuilder digits = new StringBuilder(q.toString());
                while (digits.length() < 18)
                {
                    digits.insert(0, '0');
                }
                digits.insert(digits.length() - 17, '.');
                int end = digits.length();
                while (digits.charAt(end - 1) == '0')
                {
                    end--;
                }
                if (digits.charAt(end - 1) == '.')
                {
                    end--;
                }
                text = digits.substring(0, end);
            }
            final String s = negative && !text.equals("0") ? "-" + text : text;
            return s.getBytes(StandardCharsets.US_ASCII);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // APPEND, SETRANGE.
    // ---------------------------------------------------------------------------------------------------------------

    static Object append(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final byte[] key = argv[1];
        final int hash = ctx.hash(key);
        final Entry existing = ctx.lookupWrite(key, hash);
        if (existing == null)
        {
            ctx.set(key, hash, argv[2], Entry.NO_EXPIRY);
            return (long)argv[2].length;
        }
        if (!lengthAllowed(ctx, existing.value.length, argv[2].length))
        {
            return Replies.STRING_TOO_LONG;
        }
        final byte[] value = new byte[existing.value.length + argv[2].length];
        System.arraycopy(existing.value, 0, value, 0, existing.value.length);
        System.arraycopy(argv[2], 0, value, existing.value.length, argv[2].length);
        ctx.set(key, hash, value, existing.expireAtMs);
        return (long)value.length;
    }

    static Object setrange(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        final long[] n = new long[1];
        if (!Replies.parseLong(argv[2], n))
        {
            return Replies.NOT_INTEGER;
        }
        final long offset = n[0];
        if (offset < 0)
        {
            return Replies.OUT_OF_RANGE;
        }
        final byte[] key = argv[1];
        final byte[] patch = argv[3];
        final int hash = ctx.hash(key);
        final Entry existing = ctx.lookupWrite(key, hash);
        if (existing == null && patch.length == 0)
        {
            return Replies.ZERO;
        }
        if (existing != null && patch.length == 0)
        {
            return (long)existing.value.length;
        }
        if (!lengthAllowed(ctx, offset, patch.length))
        {
            return Replies.STRING_TOO_LONG;
        }
        final byte[] old = existing == null ? Replies.EMPTY : existing.value;
        final byte[] value = new byte[(int)Math.max(old.length, offset + patch.length)];
        System.arraycopy(old, 0, value, 0, old.length);
        System.arraycopy(patch, 0, value, (int)offset, patch.length);
        ctx.set(key, hash, value, existing == null ? Entry.NO_EXPIRY : existing.expireAtMs);
        return (long)value.length;
    }

    /**
     * t_string.c checkStringLength, bounded also by what a Java array holds.
     */
    private static boolean lengthAllowed(final CommandContext ctx, final long size, final long append)
    {
        final long total = size + append;
        return total <= ctx.config.protoMaxBulkLen() && total <= Integer.MAX_VALUE - 16 && total >= size;
    }
}

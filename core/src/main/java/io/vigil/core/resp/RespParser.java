package io.vigil.core.resp;

import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * Incremental, binary safe parser of client requests in the Redis protocol, accepting the same input and reporting
 * the same errors as Redis 7's {@code networking.c} ({@code processInputBuffer}, {@code processMultibulkBuffer},
 * {@code processInlineBuffer} and {@code sdssplitargs} from {@code sds.c}).
 * <p>
 * A request is either a multibulk array of bulk strings ({@code *2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n}) or, when its
 * first byte is anything but {@code '*'}, an inline line of space separated, optionally quoted arguments
 * ({@code ECHO "hi there"\r\n}).
 * <p>
 * {@link #parse(DirectBuffer, int, int, CommandHandler)} delivers every complete request in the bytes it is given
 * and returns how many bytes those requests took. A trailing partial request is not consumed: the caller keeps its
 * bytes, appends what arrives next, and calls again starting at the first unconsumed byte. The caller may move the
 * kept bytes (for example compact its buffer) between calls, but must present them unchanged. The parser remembers
 * how far it got into the partial request, so a large request that arrives in many reads is scanned once, and a call
 * with fewer bytes than {@link #bytesNeeded()} returns at once.
 * <p>
 * Like Redis, and unlike a strict RESP reader, the parser takes some bytes on trust: the byte after the
 * {@code '\r'} that ends a count or length line and the two bytes after a bulk payload are skipped without being
 * checked, and a NUL byte before the end of a count, length or inline line hides that end, as {@code strchr} does
 * in Redis, so the request waits for more input until it trips the {@link RespLimits#inlineMaxSize()} limit.
 * <p>
 * After a protocol error the parser has dropped the bad request and is ready for new input; the caller is expected to
 * reply with the error and close the connection, as Redis does.
 * <p>
 * This class is not threadsafe: use one instance per connection, from the thread that reads that connection.
 */
public final class RespParser
{
    /**
     * Receives the requests and errors found by {@link RespParser#parse(DirectBuffer, int, int, CommandHandler)}.
     */
    public interface CommandHandler
    {
        /**
         * A complete request.
         * <p>
         * The {@code argv} array belongs to the parser and is reused: it is valid only during this call and must not
         * be kept. Its elements {@code argv[0]} to {@code argv[argc - 1]} are new arrays the handler may keep.
         *
         * @param argv        the arguments, command name first; slots from {@code argc} on are unspecified.
         * @param argc        how many arguments, at least 1.
         * @param buffer      the buffer given to {@code parse}.
         * @param frameOffset where in {@code buffer} the raw bytes of the request start.
         * @param frameLength length of the raw bytes of the request, including its final line terminator.
         */
        void onCommand(byte[][] argv, int argc, DirectBuffer buffer, int frameOffset, int frameLength);

        /**
         * Input that is not a valid request. Parsing stops at the start of the bad request.
         *
         * @param message the error reply Redis sends for it, without the leading {@code '-'} and trailing CRLF, for
         *                example {@code ERR Protocol error: invalid multibulk length}. Each char stands for one byte
         *                (ISO-8859-1) since the text may quote a byte of the input.
         */
        void onProtocolError(String message);
    }

    // networking.c processInlineBuffer
    static final String TOO_BIG_INLINE_REQUEST = "ERR Protocol error: too big inline request";
    // networking.c processInlineBuffer
    static final String UNBALANCED_QUOTES = "ERR Protocol error: unbalanced quotes in request";
    // networking.c processMultibulkBuffer
    static final String TOO_BIG_MBULK_COUNT_STRING = "ERR Protocol error: too big mbulk count string";
    // networking.c processMultibulkBuffer
    static final String INVALID_MULTIBULK_LENGTH = "ERR Protocol error: invalid multibulk length";
    // networking.c processMultibulkBuffer
    static final String UNAUTHENTICATED_MULTIBULK_LENGTH = "ERR Protocol error: unauthenticated multibulk length";
    // networking.c processMultibulkBuffer
    static final String TOO_BIG_BULK_COUNT_STRING = "ERR Protocol error: too big bulk count string";
    // networking.c processMultibulkBuffer
    static final String INVALID_BULK_LENGTH = "ERR Protocol error: invalid bulk length";
    // networking.c processMultibulkBuffer
    static final String UNAUTHENTICATED_BULK_LENGTH = "ERR Protocol error: unauthenticated bulk length";

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private static final int NEED_MORE = -1;
    private static final int FAILED = -2;

    private static final int NO_FRAME = 0;
    private static final int MULTIBULK_FRAME = 1;
    private static final int INLINE_FRAME = 2;

    // util.h LONG_STR_SIZE: string2ll refuses anything this long or longer
    private static final int LONG_STR_SIZE = 21;

    // Redis also sizes argv to at most 1024 up front and grows it as arguments arrive, so a large declared count
    // costs nothing until the arguments are actually sent; the same bound decides which tables are worth keeping.
    private static final int ARGV_RETAINED_LENGTH = 1024;
    private static final int ARGV_INITIAL_LENGTH = 16;
    private static final int TOKEN_INITIAL_LENGTH = 64;
    private static final int TOKEN_RETAINED_LENGTH = RespLimits.DEFAULT_INLINE_MAX_SIZE;

    private final RespLimits limits;
    private boolean authRequired;

    private int frameType = NO_FRAME;
    private int framePosition;
    private int scanPosition;
    private long bytesNeeded;
    private int multibulkRemaining;
    private int bulkLength = -1;

    private byte[][] argv = new byte[ARGV_INITIAL_LENGTH][];
    private int argc;
    private byte[] token;
    private long parsedValue;

    /**
     * Parser with {@link RespLimits#DEFAULT} limits that does not require authentication.
     */
    public RespParser()
    {
        this(RespLimits.DEFAULT);
    }

    /**
     * Parser with the given limits that does not require authentication.
     *
     * @param limits to enforce.
     */
    public RespParser(final RespLimits limits)
    {
        if (null == limits)
        {
            throw new NullPointerException("limits");
        }

        this.limits = limits;
    }

    /**
     * The limits this parser enforces.
     *
     * @return the limits this parser enforces.
     */
    public RespLimits limits()
    {
        return limits;
    }

    /**
     * Whether the tighter unauthenticated limits apply.
     *
     * @return true if the unauthenticated limits apply.
     */
    public boolean authRequired()
    {
        return authRequired;
    }

    /**
     * Apply, or stop applying, the tighter {@link RespLimits#unauthenticatedMaxMultibulkLength()} and
     * {@link RespLimits#unauthenticatedMaxBulkLength()} limits, as Redis does while {@code authRequired(c)} is true.
     * <p>
     * The setting is read each time a count or length line is parsed, so a handler that runs {@code AUTH} inside
     * {@link CommandHandler#onCommand} and clears it here lifts the limits for the next request of the same call.
     *
     * @param authRequired true while the connection has not authenticated.
     * @return this for a fluent API.
     */
    public RespParser authRequired(final boolean authRequired)
    {
        this.authRequired = authRequired;
        return this;
    }

    /**
     * How many bytes, counted from the first unconsumed byte, the next call to
     * {@link #parse(DirectBuffer, int, int, CommandHandler)} must be given before the pending partial request can
     * advance. A call with fewer bytes returns 0 without looking at them.
     *
     * @return bytes the pending request needs at least, or 0 when no request is pending.
     */
    public long bytesNeeded()
    {
        return bytesNeeded;
    }

    /**
     * Drop any partial request, for example when the connection is closed or reused. The authentication setting is
     * kept.
     */
    public void reset()
    {
        clearArgv();
        frameType = NO_FRAME;
        framePosition = 0;
        scanPosition = 0;
        bytesNeeded = 0;
        multibulkRemaining = 0;
        bulkLength = -1;
    }

    /**
     * Parse the complete requests in {@code [offset, offset + length)} of {@code buffer}, delivering each to the
     * handler in order.
     * <p>
     * If a partial request is pending from the previous call, {@code offset} must be where its first byte now is.
     *
     * @param buffer  holding the input.
     * @param offset  of the first unconsumed byte.
     * @param length  of the input from {@code offset}.
     * @param handler to deliver requests and errors to.
     * @return how many bytes from {@code offset} the delivered requests took, including skipped empty requests. On a
     * protocol error the bytes before the bad request.
     */
    public int parse(final DirectBuffer buffer, final int offset, final int length, final CommandHandler handler)
    {
        if (length < bytesNeeded)
        {
            return 0;
        }

        int consumed = 0;
        while (consumed < length)
        {
            final int frameOffset = offset + consumed;
            final int available = length - consumed;
            if (NO_FRAME == frameType)
            {
                // networking.c processInputBuffer: only a leading '*' selects the multibulk protocol
                frameType = buffer.getByte(frameOffset) == '*' ? MULTIBULK_FRAME : INLINE_FRAME;
            }

            final int frameLength = MULTIBULK_FRAME == frameType ?
                parseMultibulk(buffer, frameOffset, available, handler) :
                parseInline(buffer, frameOffset, available, handler);

            if (frameLength < 0)
            {
                break;
            }

            consumed += frameLength;
        }

        return consumed;
    }

    private int parseMultibulk(
        final DirectBuffer buffer, final int frameOffset, final int available, final CommandHandler handler)
    {
        if (0 == multibulkRemaining)
        {
            final int cr = scan(buffer, frameOffset, available, CR);
            if (cr < 0)
            {
                return lineIncomplete(0, available, TOO_BIG_MBULK_COUNT_STRING, handler);
            }

            if (cr > available - 2)
            {
                return waitForByteAfter(cr, available);
            }

            if (!string2ll(buffer, frameOffset + 1, cr - 1) || parsedValue > limits.maxMultibulkLength())
            {
                return fail(INVALID_MULTIBULK_LENGTH, handler);
            }

            if (authRequired && parsedValue > limits.unauthenticatedMaxMultibulkLength())
            {
                return fail(UNAUTHENTICATED_MULTIBULK_LENGTH, handler);
            }

            final int headerLength = cr + 2;
            if (parsedValue <= 0)
            {
                reset();
                return headerLength;
            }

            multibulkRemaining = (int)parsedValue;
            framePosition = headerLength;
            scanPosition = headerLength;
        }

        while (multibulkRemaining > 0)
        {
            final int position = framePosition;
            if (-1 == bulkLength)
            {
                final int cr = scan(buffer, frameOffset, available, CR);
                if (cr < 0)
                {
                    return lineIncomplete(position, available, TOO_BIG_BULK_COUNT_STRING, handler);
                }

                if (cr > available - 2)
                {
                    return waitForByteAfter(cr, available);
                }

                final byte first = buffer.getByte(frameOffset + position);
                if ('$' != first)
                {
                    return fail(expectedDollar(first), handler);
                }

                if (!string2ll(buffer, frameOffset + position + 1, cr - position - 1) ||
                    parsedValue < 0 ||
                    parsedValue > limits.maxBulkLength())
                {
                    return fail(INVALID_BULK_LENGTH, handler);
                }

                if (authRequired && parsedValue > limits.unauthenticatedMaxBulkLength())
                {
                    return fail(UNAUTHENTICATED_BULK_LENGTH, handler);
                }

                bulkLength = (int)parsedValue;
                framePosition = cr + 2;
            }

            final int bulkStart = framePosition;
            final long bulkEnd = (long)bulkStart + bulkLength + 2;
            if (bulkEnd > available)
            {
                bytesNeeded = bulkEnd;
                return NEED_MORE;
            }

            final byte[] value = new byte[bulkLength];
            buffer.getBytes(frameOffset + bulkStart, value);
            addArgument(value);

            // networking.c processMultibulkBuffer skips the two bytes after the payload without checking them
            framePosition = (int)bulkEnd;
            scanPosition = framePosition;
            bulkLength = -1;
            multibulkRemaining--;
        }

        final int frameLength = framePosition;
        deliver(buffer, frameOffset, frameLength, handler);

        return frameLength;
    }

    private int parseInline(
        final DirectBuffer buffer, final int frameOffset, final int available, final CommandHandler handler)
    {
        final int lf = scan(buffer, frameOffset, available, LF);
        if (lf < 0)
        {
            return lineIncomplete(0, available, TOO_BIG_INLINE_REQUEST, handler);
        }

        int lineEnd = lf;
        if (lf > 0 && buffer.getByte(frameOffset + lf - 1) == CR)
        {
            lineEnd--;
        }

        final boolean balanced = splitArgs(buffer, frameOffset, frameOffset + lineEnd);
        if (null != token && token.length > TOKEN_RETAINED_LENGTH)
        {
            // Only a line that arrived whole can be this long; do not keep its scratch space for the connection.
            token = null;
        }

        if (!balanced)
        {
            return fail(UNBALANCED_QUOTES, handler);
        }

        final int frameLength = lf + 1;
        if (0 == argc)
        {
            reset();
        }
        else
        {
            deliver(buffer, frameOffset, frameLength, handler);
        }

        return frameLength;
    }

    /**
     * Find the next {@code target} byte from the scan position, stopping at a NUL byte as {@code strchr} does in
     * Redis. Remembers where to resume so a growing line is scanned once.
     *
     * @return frame relative index of the target, or -1 if a NUL or the end of the input came first.
     */
    private int scan(final DirectBuffer buffer, final int frameOffset, final int available, final byte target)
    {
        for (int i = scanPosition; i < available; i++)
        {
            final byte b = buffer.getByte(frameOffset + i);
            if (target == b)
            {
                scanPosition = i;
                return i;
            }

            if (0 == b)
            {
                // A line hidden by a NUL never ends, so later calls stop here again at once.
                scanPosition = i;
                return -1;
            }
        }

        scanPosition = available;
        return -1;
    }

    private int lineIncomplete(
        final int lineStart, final int available, final String tooBig, final CommandHandler handler)
    {
        if (available - lineStart > limits.inlineMaxSize())
        {
            return fail(tooBig, handler);
        }

        bytesNeeded = (long)available + 1;
        return NEED_MORE;
    }

    private int waitForByteAfter(final int cr, final int available)
    {
        // networking.c processMultibulkBuffer takes any byte after '\r' as the '\n', so one more byte completes it
        scanPosition = cr;
        bytesNeeded = (long)available + 1;
        return NEED_MORE;
    }

    private int fail(final String message, final CommandHandler handler)
    {
        reset();
        handler.onProtocolError(message);
        return FAILED;
    }

    private void deliver(
        final DirectBuffer buffer, final int frameOffset, final int frameLength, final CommandHandler handler)
    {
        frameType = NO_FRAME;
        framePosition = 0;
        scanPosition = 0;
        bytesNeeded = 0;
        multibulkRemaining = 0;
        bulkLength = -1;

        try
        {
            handler.onCommand(argv, argc, buffer, frameOffset, frameLength);
        }
        finally
        {
            clearArgv();
        }
    }

    private void clearArgv()
    {
        // Release the arguments so a large value is not kept alive by the parser after its command.
        Arrays.fill(argv, 0, argc, null);
        argc = 0;
        if (argv.length > ARGV_RETAINED_LENGTH)
        {
            argv = new byte[ARGV_INITIAL_LENGTH][];
        }
    }

    private void addArgument(final byte[] value)
    {
        if (argc == argv.length)
        {
            long newLength = Math.max(2L * argv.length, ARGV_INITIAL_LENGTH);
            if (MULTIBULK_FRAME == frameType)
            {
                // networking.c processMultibulkBuffer: never grow past the declared count
                newLength = Math.min(newLength, (long)argc + multibulkRemaining);
            }

            argv = Arrays.copyOf(argv, (int)Math.min(newLength, RespLimits.MAX_ARRAY_LENGTH));
        }

        argv[argc++] = value;
    }

    private static String expectedDollar(final byte found)
    {
        // networking.c processMultibulkBuffer via addReplyErrorFormat, which turns '\r' and '\n' into spaces
        final char c = CR == found || LF == found ? ' ' : (char)(found & 0xFF);
        return "ERR Protocol error: expected '$', got '" + c + "'";
    }

    /**
     * Strict decimal parse of {@code util.c string2ll}: optional '-', no '+', no leading zeros, no spaces, within
     * the range of a long. The value is left in {@link #parsedValue}.
     */
    private boolean string2ll(final DirectBuffer buffer, final int index, final int length)
    {
        if (0 == length || length >= LONG_STR_SIZE)
        {
            return false;
        }

        if (1 == length && '0' == buffer.getByte(index))
        {
            parsedValue = 0;
            return true;
        }

        int i = 0;
        final boolean negative = '-' == buffer.getByte(index);
        if (negative && ++i == length)
        {
            return false;
        }

        final byte firstDigit = buffer.getByte(index + i++);
        if (firstDigit < '1' || firstDigit > '9')
        {
            return false;
        }

        // Accumulate negatively so that Long.MIN_VALUE, which string2ll accepts, does not overflow.
        long value = -(firstDigit - '0');
        for (; i < length; i++)
        {
            final byte b = buffer.getByte(index + i);
            if (b < '0' || b > '9')
            {
                return false;
            }

            final int digit = b - '0';
            if (value < Long.MIN_VALUE / 10 || value * 10 < Long.MIN_VALUE + digit)
            {
                return false;
            }

            value = value * 10 - digit;
        }

        if (!negative)
        {
            if (Long.MIN_VALUE == value)
            {
                return false;
            }

            value = -value;
        }

        parsedValue = value;
        return true;
    }

    /**
     * Split an inline line into arguments as {@code sds.c sdssplitargs} does. The line holds no NUL byte, since the
     * scan for its end stops at one, so its end stands in for the C string terminator.
     *
     * @return false on unbalanced quotes, or a closing quote followed by something other than a space.
     */
    private boolean splitArgs(final DirectBuffer buffer, final int start, final int end)
    {
        int p = start;
        while (true)
        {
            while (p < end && isSpace(buffer.getByte(p)))
            {
                p++;
            }

            if (p >= end)
            {
                return true;
            }

            boolean inDoubleQuotes = false;
            boolean inSingleQuotes = false;
            boolean done = false;
            int tokenLength = 0;
            while (!done)
            {
                final int c = byteAt(buffer, p, end);
                if (inDoubleQuotes)
                {
                    if ('\\' == c && 'x' == byteAt(buffer, p + 1, end) &&
                        isHexDigit(byteAt(buffer, p + 2, end)) && isHexDigit(byteAt(buffer, p + 3, end)))
                    {
                        final int value =
                            (hexDigitValue(byteAt(buffer, p + 2, end)) << 4) | hexDigitValue(byteAt(buffer, p + 3, end));
                        tokenLength = appendToken(tokenLength, value, end - start);
                        p += 3;
                    }
                    else if ('\\' == c && 0 != byteAt(buffer, p + 1, end))
                    {
                        p++;
                        tokenLength = appendToken(tokenLength, unescape(byteAt(buffer, p, end)), end - start);
                    }
                    else if ('"' == c)
                    {
                        if (!closingQuoteEndsToken(buffer, p, end))
                        {
                            return false;
                        }
                        done = true;
                    }
                    else if (0 == c)
                    {
                        return false;
                    }
                    else
                    {
                        tokenLength = appendToken(tokenLength, c, end - start);
                    }
                }
                else if (inSingleQuotes)
                {
                    if ('\\' == c && '\'' == byteAt(buffer, p + 1, end))
                    {
                        p++;
                        tokenLength = appendToken(tokenLength, '\'', end - start);
                    }
                    else if ('\'' == c)
                    {
                        if (!closingQuoteEndsToken(buffer, p, end))
                        {
                            return false;
                        }
                        done = true;
                    }
                    else if (0 == c)
                    {
                        return false;
                    }
                    else
                    {
                        tokenLength = appendToken(tokenLength, c, end - start);
                    }
                }
                else
                {
                    switch (c)
                    {
                        // Fewer bytes end an unquoted token than are skipped between tokens: '\v' and '\f' are
                        // isspace() but stay inside a token, as in sdssplitargs.
                        case ' ':
                        case '\n':
                        case '\r':
                        case '\t':
                        case 0:
                            done = true;
                            break;

                        case '"':
                            inDoubleQuotes = true;
                            break;

                        case '\'':
                            inSingleQuotes = true;
                            break;

                        default:
                            tokenLength = appendToken(tokenLength, c, end - start);
                            break;
                    }
                }

                if (p < end)
                {
                    p++;
                }
            }

            addArgument(Arrays.copyOf(token(), tokenLength));
        }
    }

    private static boolean closingQuoteEndsToken(final DirectBuffer buffer, final int quote, final int end)
    {
        final int next = byteAt(buffer, quote + 1, end);
        return 0 == next || isSpace((byte)next);
    }

    private static int byteAt(final DirectBuffer buffer, final int index, final int end)
    {
        return index < end ? buffer.getByte(index) & 0xFF : 0;
    }

    private static int unescape(final int c)
    {
        switch (c)
        {
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'b':
                return '\b';
            case 'a':
                return 7;
            default:
                return c;
        }
    }

    private byte[] token()
    {
        if (null == token)
        {
            token = new byte[TOKEN_INITIAL_LENGTH];
        }

        return token;
    }

    private int appendToken(final int tokenLength, final int value, final int lineLength)
    {
        byte[] token = token();
        if (tokenLength == token.length)
        {
            // A token is never longer than its line, which bounds the growth.
            token = Arrays.copyOf(token, (int)Math.max(Math.min(2L * token.length, lineLength), tokenLength + 1L));
            this.token = token;
        }

        token[tokenLength] = (byte)value;
        return tokenLength + 1;
    }

    private static boolean isSpace(final byte b)
    {
        // C isspace() in the C locale: ' ', '\t', '\n', '\v', '\f', '\r'
        return ' ' == b || (b >= '\t' && b <= '\r');
    }

    private static boolean isHexDigit(final int c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hexDigitValue(final int c)
    {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}

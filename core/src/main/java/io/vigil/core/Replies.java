package io.vigil.core;

import java.nio.charset.StandardCharsets;

/**
 * Shared replies and Redis's error texts, and the strict number parsing Redis applies to arguments. Threadsafe.
 */
final class Replies
{
    static final Long ZERO = 0L;
    static final Long ONE = 1L;
    static final byte[] EMPTY = new byte[0];
    static final Object[] EMPTY_ARRAY = new Object[0];

    // server.c createSharedObjects and the commands that reply these.
    static final ErrorReply SYNTAX_ERROR = new ErrorReply("ERR syntax error");
    static final ErrorReply NOT_INTEGER = new ErrorReply("ERR value is not an integer or out of range");
    static final ErrorReply NOT_FLOAT = new ErrorReply("ERR value is not a valid float");
    static final ErrorReply OVERFLOW = new ErrorReply("ERR increment or decrement would overflow");
    static final ErrorReply NO_SUCH_KEY = new ErrorReply("ERR no such key");
    static final ErrorReply OUT_OF_RANGE = new ErrorReply("ERR offset is out of range");
    static final ErrorReply STRING_TOO_LONG =
        new ErrorReply("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    static final ErrorReply READONLY = new ErrorReply("READONLY You can't write against a read only replica.");

    private Replies()
    {
    }

    /**
     * @param command lower-case command name.
     * @return networking.c addReplyErrorArity's text.
     */
    static ErrorReply wrongArity(final String command)
    {
        return new ErrorReply("ERR wrong number of arguments for '" + command + "' command");
    }

    /**
     * @param command lower-case command name.
     * @return networking.c addReplyErrorExpireTime's text.
     */
    static ErrorReply invalidExpireTime(final String command)
    {
        return new ErrorReply("ERR invalid expire time in '" + command + "' command");
    }

    /**
     * @return server.c processCommand's text for an unknown command, with up to 128 bytes of its arguments.
     */
    static ErrorReply unknownCommand(final byte[][] argv, final int argc)
    {
        final StringBuilder args = new StringBuilder();
        for (int i = 1; i < argc && args.length() < 128; i++)
        {
            final String arg = new String(argv[i], StandardCharsets.UTF_8);
            args.append('\'').append(arg, 0, Math.min(arg.length(), 128 - args.length())).append("' ");
        }
        final String name = new String(argv[0], StandardCharsets.UTF_8);
        return new ErrorReply(sanitize(
            "ERR unknown command '" + name.substring(0, Math.min(128, name.length())) +
            "', with args beginning with: " + args));
    }

    /**
     * Error replies are one line: networking.c addReplyErrorLength replaces newlines with spaces.
     */
    static String sanitize(final String message)
    {
        return message.indexOf('\r') < 0 && message.indexOf('\n') < 0 ?
            message : message.replace('\r', ' ').replace('\n', ' ');
    }

    /**
     * Parse a 64-bit signed integer exactly as Redis's util.c string2ll: optional '-', no '+', no spaces, no leading
     * zeros, at most 20 characters, no overflow.
     *
     * @param s   bytes.
     * @param out receives the value in out[0].
     * @return true if the bytes are a valid integer.
     */
    static boolean parseLong(final byte[] s, final long[] out)
    {
        final int length = s.length;
        if (length == 0 || length > 20)
        {
            return false;
        }
        if (length == 1 && s[0] == '0')
        {
            out[0] = 0;
            return true;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '-')
        {
            negative = true;
            i++;
            if (length == 1)
            {
                return false;
            }
        }
        if (s[i] < '1' || s[i] > '9')
        {
            return false;
        }
        long v = 0;
        for (; i < length; i++)
        {
            final int d = s[i] - '0';
            if (d < 0 || d > 9)
            {
                return false;
            }
            // Accumulate as a negative number so Long.MIN_VALUE is reachable.
            if (v < (Long.MIN_VALUE + d) / 10)
            {
                return false;
            }
            v = v * 10 - d;
        }
        if (!negative)
        {
            if (v == Long.MIN_VALUE)
            {
                return false;
            }
            v = -v;
        }
        out[0] = v;
        return true;
    }

    /**
     * @return the decimal bytes of a long.
     */
    static byte[] longBytes(final long value)
    {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @return true if the argument equals the upper-case ASCII option, ignoring case.
     */
    static boolean isOption(final byte[] arg, final String upper)
    {
        if (arg.length != upper.length())
        {
            return false;
        }
        for (int i = 0; i < arg.length; i++)
        {
            int c = arg[i];
            if (c >= 'a' && c <= 'z')
            {
                c -= 'a' - 'A';
            }
            if (c != upper.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}

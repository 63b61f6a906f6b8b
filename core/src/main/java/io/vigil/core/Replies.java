package io.vigil.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
     * @return server.c processCommand's text for an unknown command: the name and the arguments are formatted with
     * printf's %.128s and %.*s, so each is cut at its first NUL byte and the whole is limited in bytes, not characters.
     */
    static ErrorReply unknownCommand(final byte[][] argv, final int argc)
    {
        return new ErrorReply(new String(unknownCommandMessage(argv, argc), StandardCharsets.UTF_8));
    }

    /**
     * server.c processCommand's text for an unknown command, as the bytes Redis sends: up to 128 bytes of the name
     * and of the arguments, each cut at a NUL as C's %s does, newlines replaced by spaces.
     */
    static byte[] unknownCommandMessage(final byte[][] argv, final int argc)
    {
        final ByteArrayOutputStream args = new ByteArrayOutputStream();
        for (int i = 1; i < argc && args.size() < 128; i++)
        {
            final byte[] arg = cString(argv[i]);
            final int precision = 128 - args.size();
            args.write('\'');
            args.write(arg, 0, Math.min(arg.length, precision));
            args.write('\'');
            args.write(' ');
        }
        final byte[] name = cString(argv[0]);
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes("ERR unknown command '".getBytes(StandardCharsets.US_ASCII));
        message.write(name, 0, Math.min(128, name.length));
        message.writeBytes("', with args beginning with: ".getBytes(StandardCharsets.US_ASCII));
        message.write(args.toByteArray(), 0, args.size());
        final byte[] bytes = message.toByteArray();
        for (int i = 0; i < bytes.length; i++)
        {
            if (bytes[i] == '\r' || bytes[i] == '\n')
            {
                bytes[i] = ' ';
            }
        }
        return bytes;
    }

    /**
     * @return the bytes before the first NUL, as C string functions see an argument.
     */
    static byte[] cString(final byte[] arg)
    {
        for (int i = 0; i < arg.length; i++)
        {
            if (arg[i] == 0)
            {
                return Arrays.copyOf(arg, i);
            }
        }
        return arg;
    }

    /**
     * @param cause what a command's handler threw.
     * @return the error reply its caller gets instead: {@code ERR} and the exception.
     */
    static ErrorReply thrown(final Throwable cause)
    {
        return new ErrorReply(sanitize("ERR " + cause));
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
     * Options are compared as C strings (strcasecmp, or Redis's character tests up to the terminator), so anything
     * from a NUL byte on is ignored: "NX\0junk" is NX.
     *
     * @return true if the argument equals the upper-case ASCII option, ignoring case.
     */
    static boolean isOption(final byte[] arg, final String upper)
    {
        final int length = upper.length();
        if (arg.length < length || (arg.length > length && arg[length] != 0))
        {
            return false;
        }
        for (int i = 0; i < length; i++)
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

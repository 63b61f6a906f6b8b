package io.vigil.core.resp;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one RESP2 reply, as a server sends it, into plain Java objects: for tests, and for the client side of links
 * between nodes where replies are few and small.
 * <p>
 * A simple string becomes a {@link String}, an error an {@link ErrorReply}, an integer a {@link Long}, a bulk string a
 * {@code byte[]}, an array a {@link List} of such values, and the null bulk string and null array {@code null}. Text is
 * decoded one byte per char (ISO-8859-1), so it maps back to the same bytes.
 * <p>
 * Unlike {@link RespParser} this parser keeps no state between calls: an incomplete reply is parsed again from its
 * start on the next call, which is fine for small replies but quadratic for a large one arriving in many reads. It is
 * strict where the request parser follows Redis's leniency: every line must end with CRLF.
 * <p>
 * This class is not threadsafe.
 */
public final class RespReplyParser
{
    /**
     * Deepest nesting of arrays accepted, so that a malformed reply cannot exhaust the stack.
     */
    public static final int MAX_DEPTH = 128;

    /**
     * An error reply.
     *
     * @param message text after the {@code '-'}, starting with the error code, for example {@code ERR unknown command}.
     */
    public record ErrorReply(String message)
    {
    }

    /**
     * Input that is not a valid RESP2 reply.
     */
    public static final class MalformedReplyException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        MalformedReplyException(final String message)
        {
            super(message);
        }
    }

    private static final Object INCOMPLETE = new Object();

    private DirectBuffer buffer;
    private int limit;
    private int position;
    private Object value;

    /**
     * Parse the reply starting at {@code offset}.
     *
     * @param buffer holding the reply.
     * @param offset of the first byte of the reply.
     * @param length of the available input from {@code offset}.
     * @return length of the reply in bytes, or 0 if the input holds only part of it.
     * @throws MalformedReplyException if the input is not a valid reply.
     */
    public int parse(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        limit = offset + length;
        position = offset;
        try
        {
            final Object result = readValue(0);
            if (INCOMPLETE == result)
            {
                value = null;
                return 0;
            }

            value = result;
            return position - offset;
        }
        finally
        {
            this.buffer = null;
        }
    }

    /**
     * The reply found by the last call to {@link #parse(DirectBuffer, int, int)} that returned more than 0.
     *
     * @return the reply, which may be null for a null bulk string or null array.
     */
    public Object value()
    {
        return value;
    }

    private Object readValue(final int depth)
    {
        if (position >= limit)
        {
            return INCOMPLETE;
        }

        final byte type = buffer.getByte(position);
        final int lineStart = position + 1;
        final int lineEnd = findLineEnd(lineStart);
        if (lineEnd < 0)
        {
            return INCOMPLETE;
        }
        position = lineEnd + 2;

        switch (type)
        {
            case '+':
                return text(lineStart, lineEnd);

            case '-':
                return new ErrorReply(text(lineStart, lineEnd));

            case ':':
                return parseLong(lineStart, lineEnd);

            case '$':
                return readBulk(parseLong(lineStart, lineEnd));

            case '*':
                return readArray(parseLong(lineStart, lineEnd), depth);

            default:
                throw new MalformedReplyException("unknown reply type byte " + (type & 0xFF));
        }
    }

    private Object readBulk(final long length)
    {
        if (-1 == length)
        {
            return null;
        }

        if (length < 0 || length > RespLimits.MAX_ARRAY_LENGTH)
        {
            throw new MalformedReplyException("invalid bulk length " + length);
        }

        if (limit - position < length + 2)
        {
            return INCOMPLETE;
        }

        final int end = position + (int)length;
        if (buffer.getByte(end) != '\r' || buffer.getByte(end + 1) != '\n')
        {
            throw new MalformedReplyException("bulk string not followed by CRLF");
        }

        final byte[] bytes = new byte[(int)length];
        buffer.getBytes(position, bytes);
        position = end + 2;
        return bytes;
    }

    private Object readArray(final long count, final int depth)
    {
        if (-1 == count)
        {
            return null;
        }

        if (count < 0 || count > RespLimits.MAX_ARRAY_LENGTH)
        {
            throw new MalformedReplyException("invalid array length " + count);
        }

        if (depth >= MAX_DEPTH)
        {
            throw new MalformedReplyException("arrays nested deeper than " + MAX_DEPTH);
        }

        // Sized by what arrives rather than by the declared count, which may be large or false.
        final List<Object> elements = new ArrayList<>((int)Math.min(count, 16));
        for (long i = 0; i < count; i++)
        {
            final Object element = readValue(depth + 1);
            if (INCOMPLETE == element)
            {
                return INCOMPLETE;
            }
            elements.add(element);
        }

        return elements;
    }

    private int findLineEnd(final int start)
    {
        for (int i = start; i < limit; i++)
        {
            if (buffer.getByte(i) == '\r')
            {
                if (i + 1 == limit)
                {
                    return -1;
                }

                if (buffer.getByte(i + 1) != '\n')
                {
                    throw new MalformedReplyException("CR not followed by LF");
                }

                return i;
            }
        }

        return -1;
    }

    private String text(final int start, final int end)
    {
        final byte[] bytes = new byte[end - start];
        buffer.getBytes(start, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private long parseLong(final int start, final int end)
    {
        if (start == end)
        {
            throw new MalformedReplyException("empty number");
        }

        int i = start;
        final boolean negative = buffer.getByte(i) == '-';
        if (negative && ++i == end)
        {
            throw new MalformedReplyException("invalid number");
        }

        long value = 0;
        for (; i < end; i++)
        {
            final byte b = buffer.getByte(i);
            if (b < '0' || b > '9')
            {
                throw new MalformedReplyException("invalid number");
            }

            final int digit = b - '0';
            // Accumulate negatively so Long.MIN_VALUE fits.
            if (value < Long.MIN_VALUE / 10 || value * 10 < Long.MIN_VALUE + digit)
            {
                throw new MalformedReplyException("number out of range");
            }
            value = value * 10 - digit;
        }

        if (!negative)
        {
            if (Long.MIN_VALUE == value)
            {
                throw new MalformedReplyException("number out of range");
            }
            value = -value;
        }

        return value;
    }
}

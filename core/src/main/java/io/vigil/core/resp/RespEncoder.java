package io.vigil.core.resp;

import org.agrona.AsciiEncoding;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes RESP2 replies and commands into agrona buffers without allocating.
 * <p>
 * Every method writes at {@code index} and returns the index just past what it wrote, so calls chain:
 * {@code index = writeArrayHeader(buffer, index, 2); index = writeBulkString(buffer, index, key); ...}. With an
 * {@link org.agrona.ExpandableArrayBuffer} the buffer grows as needed; with a fixed buffer a write past its capacity
 * throws {@link IndexOutOfBoundsException}, possibly after part of the value was written.
 * <p>
 * Simple strings and errors are written one byte per char (ISO-8859-1, chars above 0xFF become {@code '?'}), and a
 * {@code '\r'} or {@code '\n'} in them becomes a space, as Redis's {@code addReplyErrorFormat} does, so no text can
 * break the framing of the reply.
 * <p>
 * This class has only static methods and is threadsafe; the buffers passed to it are not.
 */
public final class RespEncoder
{
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private RespEncoder()
    {
    }

    /**
     * Write a simple string such as {@code +OK\r\n}.
     *
     * @param buffer to write to.
     * @param index  at which to start writing.
     * @param value  text of the reply, without the {@code '+'}.
     * @return index just past the written bytes.
     */
    public static int writeSimpleString(final MutableDirectBuffer buffer, final int index, final CharSequence value)
    {
        buffer.putByte(index, (byte)'+');
        return writeLine(buffer, index + 1, value);
    }

    /**
     * Write an error such as {@code -ERR unknown command\r\n}.
     *
     * @param buffer  to write to.
     * @param index   at which to start writing.
     * @param message text of the error, without the {@code '-'}, starting with its code, for example
     *                {@code ERR Protocol error: invalid bulk length} as given to
     *                {@link RespParser.CommandHandler#onProtocolError(String)}.
     * @return index just past the written bytes.
     */
    public static int writeError(final MutableDirectBuffer buffer, final int index, final CharSequence message)
    {
        buffer.putByte(index, (byte)'-');
        return writeLine(buffer, index + 1, message);
    }

    /**
     * Write an integer such as {@code :42\r\n}.
     *
     * @param buffer to write to.
     * @param index  at which to start writing.
     * @param value  of the reply.
     * @return index just past the written bytes.
     */
    public static int writeInteger(final MutableDirectBuffer buffer, final int index, final long value)
    {
        buffer.putByte(index, (byte)':');
        final int end = index + 1 + buffer.putLongAscii(index + 1, value);
        return writeCrLf(buffer, end);
    }

    /**
     * Write a bulk string such as {@code $3\r\nfoo\r\n}, or the null bulk string {@code $-1\r\n} when
     * {@code value} is null, as Redis's {@code addReplyBulkCBuffer} and {@code addReplyBulkCString} do.
     *
     * @param buffer to write to.
     * @param index  at which to start writing.
     * @param value  payload of the reply, or null.
     * @return index just past the written bytes.
     */
    public static int writeBulkString(final MutableDirectBuffer buffer, final int index, final byte[] value)
    {
        if (null == value)
        {
            return writeNullBulkString(buffer, index);
        }

        return writeBulkString(buffer, index, value, 0, value.length);
    }

    /**
     * Write a range of an array as a bulk string.
     *
     * @param buffer      to write to.
     * @param index       at which to start writing.
     * @param value       holding the payload.
     * @param valueOffset of the payload in {@code value}.
     * @param valueLength of the payload.
     * @return index just past the written bytes.
     */
    public static int writeBulkString(
        final MutableDirectBuffer buffer,
        final int index,
        final byte[] value,
        final int valueOffset,
        final int valueLength)
    {
        final int payloadIndex = writeLengthLine(buffer, index, (byte)'$', valueLength);
        buffer.putBytes(payloadIndex, value, valueOffset, valueLength);
        return writeCrLf(buffer, payloadIndex + valueLength);
    }

    /**
     * Write a range of another buffer as a bulk string, for example a value held off heap.
     *
     * @param buffer      to write to.
     * @param index       at which to start writing.
     * @param value       holding the payload.
     * @param valueIndex  of the payload in {@code value}.
     * @param valueLength of the payload.
     * @return index just past the written bytes.
     */
    public static int writeBulkString(
        final MutableDirectBuffer buffer,
        final int index,
        final DirectBuffer value,
        final int valueIndex,
        final int valueLength)
    {
        final int payloadIndex = writeLengthLine(buffer, index, (byte)'$', valueLength);
        buffer.putBytes(payloadIndex, value, valueIndex, valueLength);
        return writeCrLf(buffer, payloadIndex + valueLength);
    }

    /**
     * Write the null bulk string {@code $-1\r\n}, the RESP2 reply for a missing value.
     *
     * @param buffer to write to.
     * @param index  at which to start writing.
     * @return index just past the written bytes.
     */
    public static int writeNullBulkString(final MutableDirectBuffer buffer, final int index)
    {
        buffer.putByte(index, (byte)'$');
        buffer.putByte(index + 1, (byte)'-');
        buffer.putByte(index + 2, (byte)'1');
        return writeCrLf(buffer, index + 3);
    }

    /**
     * Write the header of an array such as {@code *2\r\n}; the caller writes its {@code count} elements next.
     *
     * @param buffer to write to.
     * @param index  at which to start writing.
     * @param count  of elements, zero or more.
     * @return index just past the written bytes.
     */
    public static int writeArrayHeader(final MutableDirectBuffer buffer, final int index, final int count)
    {
        return writeLengthLine(buffer, index, (byte)'*', count);
    }

    /**
     * Write the null array {@code *-1\r\n}, the RESP2 reply for example of a timed out blocking pop.
     *
     * @param buffer to write to.
     * @param index  at which to start writing.
     * @return index just past the written bytes.
     */
    public static int writeNullArray(final MutableDirectBuffer buffer, final int index)
    {
        buffer.putByte(index, (byte)'*');
        buffer.putByte(index + 1, (byte)'-');
        buffer.putByte(index + 2, (byte)'1');
        return writeCrLf(buffer, index + 3);
    }

    /**
     * Write a command as an array of bulk strings, the form Redis propagates to replicas and the AOF, for example
     * {@code *3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n}.
     *
     * @param buffer to write to.
     * @param index  at which to start writing.
     * @param argv   the arguments, command name first.
     * @param argc   how many of {@code argv} to write.
     * @return index just past the written bytes.
     */
    public static int writeCommand(
        final MutableDirectBuffer buffer, final int index, final byte[][] argv, final int argc)
    {
        int position = writeArrayHeader(buffer, index, argc);
        for (int i = 0; i < argc; i++)
        {
            final byte[] arg = argv[i];
            position = writeBulkString(buffer, position, arg, 0, arg.length);
        }

        return position;
    }

    /**
     * Write every element of {@code argv} as a command.
     *
     * @param buffer to write to.
     * @param index  at which to start writing.
     * @param argv   the arguments, command name first.
     * @return index just past the written bytes.
     * @see #writeCommand(MutableDirectBuffer, int, byte[][], int)
     */
    public static int writeCommand(final MutableDirectBuffer buffer, final int index, final byte[][] argv)
    {
        return writeCommand(buffer, index, argv, argv.length);
    }

    /**
     * Length {@link #writeCommand(MutableDirectBuffer, int, byte[][], int)} would write, for sizing a buffer or a
     * log entry before writing.
     *
     * @param argv the arguments, command name first.
     * @param argc how many of {@code argv} count.
     * @return encoded length in bytes.
     * @throws IllegalArgumentException if the encoding would not fit in a buffer, longer than
     *                                  {@link Integer#MAX_VALUE} bytes.
     */
    public static int commandLength(final byte[][] argv, final int argc)
    {
        long length = 1L + AsciiEncoding.digitCount(argc) + 2;
        for (int i = 0; i < argc; i++)
        {
            final int argLength = argv[i].length;
            length += 1L + AsciiEncoding.digitCount(argLength) + 2 + argLength + 2;
        }

        if (length > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("encoded command too long: " + length);
        }

        return (int)length;
    }

    private static int writeLengthLine(
        final MutableDirectBuffer buffer, final int index, final byte prefix, final int length)
    {
        buffer.putByte(index, prefix);
        final int end = index + 1 + buffer.putIntAscii(index + 1, length);
        return writeCrLf(buffer, end);
    }

    private static int writeLine(final MutableDirectBuffer buffer, final int index, final CharSequence text)
    {
        final int length = text.length();
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            final byte b;
            if ('\r' == c || '\n' == c)
            {
                b = ' ';
            }
            else if (c > 0xFF)
            {
                b = '?';
            }
            else
            {
                b = (byte)c;
            }

            buffer.putByte(index + i, b);
        }

        return writeCrLf(buffer, index + length);
    }

    private static int writeCrLf(final MutableDirectBuffer buffer, final int index)
    {
        buffer.putByte(index, CR);
        buffer.putByte(index + 1, LF);
        return index + 2;
    }
}

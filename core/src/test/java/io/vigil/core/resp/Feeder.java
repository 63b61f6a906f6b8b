package io.vigil.core.resp;

import org.agrona.ExpandableArrayBuffer;

/**
 * Drives a {@link RespParser} the way a connection does: bytes are appended to a buffer, the parser is called from
 * the first unconsumed byte, and what it did not consume is kept for the next call. With {@code compact} the kept
 * bytes are moved to the start of the buffer after each call, so a pending request changes position between calls.
 */
final class Feeder
{
    final RespParser parser;
    final RecordingHandler handler = new RecordingHandler();
    private final boolean compact;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
    private int start;
    private int end;

    Feeder(final RespParser parser, final boolean compact)
    {
        this.parser = parser;
        this.compact = compact;
    }

    int feed(final byte[] bytes)
    {
        return feed(bytes, 0, bytes.length);
    }

    int feed(final byte[] bytes, final int offset, final int length)
    {
        buffer.putBytes(end, bytes, offset, length);
        end += length;

        final int consumed = parser.parse(buffer, start, end - start, handler);
        start += consumed;
        if (compact && start > 0)
        {
            final byte[] kept = new byte[end - start];
            buffer.getBytes(start, kept);
            buffer.putBytes(0, kept);
            end -= start;
            start = 0;
        }

        return consumed;
    }

    int pending()
    {
        return end - start;
    }
}

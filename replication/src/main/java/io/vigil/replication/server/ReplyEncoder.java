package io.vigil.replication.server;

import io.vigil.core.ErrorReply;
import io.vigil.core.StatusReply;
import io.vigil.core.resp.RespEncoder;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes the reply values of Vigil's commands as RESP2: null as a null bulk string, byte[] as a bulk string, Long
 * and Integer as integers, {@link StatusReply} as a simple string, {@link ErrorReply} as an error, String as a bulk
 * string, Object[] and List as arrays, and {@link #NULL_ARRAY} as a null array. Threadsafe: static methods only.
 */
final class ReplyEncoder
{
    /** Marker for a RESP2 null array ({@code *-1}), as EXEC replies when a watched key changed. */
    static final Object NULL_ARRAY = new Object();

    private ReplyEncoder()
    {
    }

    /**
     * @param buffer where to write.
     * @param index  where to start.
     * @param reply  the reply value.
     * @return the index after the encoded reply.
     */
    static int encode(final MutableDirectBuffer buffer, final int index, final Object reply)
    {
        if (reply == null)
        {
            return RespEncoder.writeNullBulkString(buffer, index);
        }
        if (reply instanceof byte[])
        {
            return RespEncoder.writeBulkString(buffer, index, (byte[])reply);
        }
        if (reply instanceof StatusReply)
        {
            return RespEncoder.writeSimpleString(buffer, index, ((StatusReply)reply).text());
        }
        if (reply instanceof Long || reply instanceof Integer)
        {
            return RespEncoder.writeInteger(buffer, index, ((Number)reply).longValue());
        }
        if (reply instanceof ErrorReply)
        {
            return RespEncoder.writeError(buffer, index, ((ErrorReply)reply).message());
        }
        if (reply instanceof String)
        {
            return RespEncoder.writeBulkString(buffer, index, ((String)reply).getBytes(StandardCharsets.UTF_8));
        }
        if (reply instanceof Object[])
        {
            final Object[] array = (Object[])reply;
            int i = RespEncoder.writeArrayHeader(buffer, index, array.length);
            for (final Object element : array)
            {
                i = encode(buffer, i, element);
            }
            return i;
        }
        if (reply instanceof List)
        {
            final List<?> list = (List<?>)reply;
            int i = RespEncoder.writeArrayHeader(buffer, index, list.size());
            for (final Object element : list)
            {
                i = encode(buffer, i, element);
            }
            return i;
        }
        if (reply == NULL_ARRAY)
        {
            return RespEncoder.writeNullArray(buffer, index);
        }
        throw new IllegalArgumentException("not a reply value: " + reply.getClass());
    }
}

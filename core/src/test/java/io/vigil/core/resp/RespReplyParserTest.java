package io.vigil.core.resp;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static io.vigil.core.resp.RecordingHandler.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RespReplyParserTest
{
    private final RespReplyParser parser = new RespReplyParser();

    @Test
    void shouldParseEachReplyType()
    {
        assertEquals("OK", parseWhole("+OK\r\n"));
        assertEquals(new RespReplyParser.ErrorReply("ERR bad"), parseWhole("-ERR bad\r\n"));
        assertEquals(-42L, parseWhole(":-42\r\n"));
        assertEquals(Long.MIN_VALUE, parseWhole(":-9223372036854775808\r\n"));
        assertArrayEquals(bytes("a\r\n\0"), (byte[])parseWhole("$4\r\na\r\n\0\r\n"));
        assertArrayEquals(new byte[0], (byte[])parseWhole("$0\r\n\r\n"));
        assertNull(parseWhole("$-1\r\n"));
        assertNull(parseWhole("*-1\r\n"));
        assertEquals(List.of(), parseWhole("*0\r\n"));
    }

    @Test
    void shouldParseNestedArrays()
    {
        final Object value = parseWhole("*3\r\n:1\r\n*2\r\n+a\r\n$-1\r\n$2\r\nhi\r\n");

        final List<?> list = assertInstanceOf(List.class, value);
        assertEquals(3, list.size());
        assertEquals(1L, list.get(0));
        assertEquals(Arrays.asList("a", null), list.get(1));
        assertArrayEquals(bytes("hi"), (byte[])list.get(2));
    }

    @Test
    void shouldReturnZeroForEveryIncompletePrefix()
    {
        final byte[] reply = bytes("*3\r\n:1\r\n*2\r\n+a\r\n$-1\r\n$2\r\nhi\r\n");
        final UnsafeBuffer buffer = new UnsafeBuffer(reply);

        for (int length = 0; length < reply.length; length++)
        {
            assertEquals(0, parser.parse(buffer, 0, length), "length=" + length);
        }
        assertEquals(reply.length, parser.parse(buffer, 0, reply.length));
    }

    @Test
    void shouldParseOneReplyAndReportItsLength()
    {
        final byte[] replies = bytes("xx+OK\r\n:5\r\n");

        assertEquals(5, parser.parse(new UnsafeBuffer(replies), 2, replies.length - 2));
        assertEquals("OK", parser.value());
        assertEquals(4, parser.parse(new UnsafeBuffer(replies), 7, 4));
        assertEquals(5L, parser.value());
    }

    @ParameterizedTest
    @ValueSource(strings =
    {
        "?x\r\n",
        ":\r\n",
        ":-\r\n",
        ":1a\r\n",
        ":9223372036854775808\r\n",
        "$-2\r\n",
        "$3\r\nabcde",
        "*-2\r\n",
        "+OK\rX",
    })
    void shouldRejectMalformedReplies(final String reply)
    {
        final byte[] bytes = bytes(reply);

        assertThrows(
            RespReplyParser.MalformedReplyException.class,
            () -> parser.parse(new UnsafeBuffer(bytes), 0, bytes.length));
    }

    @Test
    void shouldRejectArraysNestedTooDeep()
    {
        final byte[] reply = bytes("*1\r\n".repeat(RespReplyParser.MAX_DEPTH + 1) + ":1\r\n");

        assertThrows(
            RespReplyParser.MalformedReplyException.class,
            () -> parser.parse(new UnsafeBuffer(reply), 0, reply.length));
    }

    @Test
    void shouldReadBackEverythingTheEncoderWrites()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int index = RespEncoder.writeArrayHeader(buffer, 0, 7);
        index = RespEncoder.writeSimpleString(buffer, index, "PONG");
        index = RespEncoder.writeError(buffer, index, "WRONGTYPE Operation against a key");
        index = RespEncoder.writeInteger(buffer, index, Long.MAX_VALUE);
        index = RespEncoder.writeBulkString(buffer, index, bytes("v\r\n"));
        index = RespEncoder.writeNullBulkString(buffer, index);
        index = RespEncoder.writeNullArray(buffer, index);
        index = RespEncoder.writeCommand(buffer, index, new byte[][]{ bytes("SET"), bytes("k") });

        assertEquals(index, parser.parse(buffer, 0, index));

        final List<?> list = assertInstanceOf(List.class, parser.value());
        assertEquals("PONG", list.get(0));
        assertEquals(new RespReplyParser.ErrorReply("WRONGTYPE Operation against a key"), list.get(1));
        assertEquals(Long.MAX_VALUE, list.get(2));
        assertArrayEquals(bytes("v\r\n"), (byte[])list.get(3));
        assertNull(list.get(4));
        assertNull(list.get(5));
        final List<?> command = assertInstanceOf(List.class, list.get(6));
        assertArrayEquals(bytes("SET"), (byte[])command.get(0));
        assertArrayEquals(bytes("k"), (byte[])command.get(1));
    }

    private Object parseWhole(final String reply)
    {
        final byte[] bytes = bytes(reply);
        assertEquals(bytes.length, parser.parse(new UnsafeBuffer(bytes), 0, bytes.length), reply);
        return parser.value();
    }
}

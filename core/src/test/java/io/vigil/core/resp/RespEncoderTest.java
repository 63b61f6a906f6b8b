package io.vigil.core.resp;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.vigil.core.resp.RecordingHandler.bytes;
import static io.vigil.core.resp.RecordingHandler.latin1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RespEncoderTest
{
    private static final int START = 3;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);

    @Test
    void shouldWriteSimpleString()
    {
        assertWritten("+OK\r\n", RespEncoder.writeSimpleString(buffer, START, "OK"));
        assertWritten("+\r\n", RespEncoder.writeSimpleString(buffer, START, ""));
    }

    @Test
    void shouldWriteError()
    {
        assertWritten(
            "-ERR Protocol error: invalid bulk length\r\n",
            RespEncoder.writeError(buffer, START, "ERR Protocol error: invalid bulk length"));
        assertWritten("-WRONGTYPE x\r\n", RespEncoder.writeError(buffer, START, "WRONGTYPE x"));
    }

    @Test
    void shouldReplaceLineBreaksAndUnencodableCharsInText()
    {
        assertWritten("-ERR a  b \r\n", RespEncoder.writeError(buffer, START, "ERR a\r\nb\n"));
        assertWritten("+\u00e9?\r\n", RespEncoder.writeSimpleString(buffer, START, "\u00e9\u20ac"));
    }

    @Test
    void shouldWriteParserErrorQuotingAByteAsThatByte()
    {
        final byte[] input = bytes("*1\r\n\u00ff\r\n");
        final RecordingHandler handler = new RecordingHandler();
        new RespParser().parse(new UnsafeBuffer(input), 0, input.length, handler);

        final int end = RespEncoder.writeError(buffer, START, handler.errors.get(0));

        final byte[] expected = bytes("-ERR Protocol error: expected '$', got '\u00ff'\r\n");
        assertEquals(START + expected.length, end);
        assertArrayEquals(expected, written(end));
    }

    @Test
    void shouldWriteIntegers()
    {
        assertWritten(":0\r\n", RespEncoder.writeInteger(buffer, START, 0));
        assertWritten(":42\r\n", RespEncoder.writeInteger(buffer, START, 42));
        assertWritten(":-1\r\n", RespEncoder.writeInteger(buffer, START, -1));
        assertWritten(":9223372036854775807\r\n", RespEncoder.writeInteger(buffer, START, Long.MAX_VALUE));
        assertWritten(":-9223372036854775808\r\n", RespEncoder.writeInteger(buffer, START, Long.MIN_VALUE));
    }

    @Test
    void shouldWriteBulkStrings()
    {
        assertWritten("$3\r\nfoo\r\n", RespEncoder.writeBulkString(buffer, START, bytes("foo")));
        assertWritten("$0\r\n\r\n", RespEncoder.writeBulkString(buffer, START, new byte[0]));
        assertWritten("$4\r\na\r\n\0\r\n", RespEncoder.writeBulkString(buffer, START, bytes("a\r\n\0")));
        assertWritten("$-1\r\n", RespEncoder.writeBulkString(buffer, START, (byte[])null));
        assertWritten("$2\r\nbc\r\n", RespEncoder.writeBulkString(buffer, START, bytes("abcd"), 1, 2));

        final UnsafeBuffer source = new UnsafeBuffer(bytes("0123456789"));
        assertWritten("$3\r\n456\r\n", RespEncoder.writeBulkString(buffer, START, source, 4, 3));
    }

    @Test
    void shouldGrowExpandableBufferForLargeBulk()
    {
        final byte[] value = new byte[1_000_000];
        final int end = RespEncoder.writeBulkString(buffer, START, value);

        assertEquals(START + "$1000000\r\n".length() + value.length + 2, end);
        assertEquals("$1000000\r\n", buffer.getStringWithoutLengthAscii(START, 10));
    }

    @Test
    void shouldWriteNullsAndArrayHeaders()
    {
        assertWritten("$-1\r\n", RespEncoder.writeNullBulkString(buffer, START));
        assertWritten("*-1\r\n", RespEncoder.writeNullArray(buffer, START));
        assertWritten("*0\r\n", RespEncoder.writeArrayHeader(buffer, START, 0));
        assertWritten("*12\r\n", RespEncoder.writeArrayHeader(buffer, START, 12));
    }

    @Test
    void shouldWriteCommandAsArrayOfBulkStrings()
    {
        final byte[][] argv = { bytes("SET"), bytes("k"), bytes("hello"), bytes("ignored") };
        final String expected = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n";

        assertWritten(expected, RespEncoder.writeCommand(buffer, START, argv, 3));
        assertEquals(expected.length(), RespEncoder.commandLength(argv, 3));
        assertWritten("*0\r\n", RespEncoder.writeCommand(buffer, START, new byte[0][]));
        assertEquals(4, RespEncoder.commandLength(new byte[0][], 0));
    }

    @Test
    void shouldChainWritesIntoOneReply()
    {
        int index = RespEncoder.writeArrayHeader(buffer, START, 3);
        index = RespEncoder.writeInteger(buffer, index, 7);
        index = RespEncoder.writeNullBulkString(buffer, index);
        index = RespEncoder.writeSimpleString(buffer, index, "OK");

        assertWritten("*3\r\n:7\r\n$-1\r\n+OK\r\n", index);
    }

    @Test
    void shouldThrowWhenFixedBufferIsTooSmall()
    {
        final MutableDirectBuffer small = new UnsafeBuffer(new byte[8]);

        assertThrows(IndexOutOfBoundsException.class, () -> RespEncoder.writeBulkString(small, 0, bytes("hello")));
    }

    @Test
    void shouldRoundTripCommandsThroughParser()
    {
        final Random random = new Random(42);
        final int[] lengths = { 0, 1, 9, 10, 99, 100, 1000, 70_000 };
        final List<byte[][]> commands = new ArrayList<>();
        int index = 0;
        for (int c = 0; c < 50; c++)
        {
            final byte[][] argv = new byte[1 + random.nextInt(12)][];
            for (int i = 0; i < argv.length; i++)
            {
                argv[i] = new byte[lengths[random.nextInt(lengths.length)]];
                random.nextBytes(argv[i]);
            }
            commands.add(argv);

            final int start = index;
            index = RespEncoder.writeCommand(buffer, index, argv, argv.length);
            assertEquals(RespEncoder.commandLength(argv, argv.length), index - start);
        }

        final Feeder feeder = new Feeder(new RespParser(), true);
        final byte[] encoded = new byte[index];
        buffer.getBytes(0, encoded);
        for (int i = 0; i < encoded.length; i += 4096)
        {
            feeder.feed(encoded, i, Math.min(4096, encoded.length - i));
        }

        assertEquals(List.of(), feeder.handler.errors);
        assertEquals(commands.size(), feeder.handler.commands.size());
        int frameStart = 0;
        for (int c = 0; c < commands.size(); c++)
        {
            final byte[][] argv = commands.get(c);
            final RecordingHandler.Command parsed = feeder.handler.commands.get(c);
            assertEquals(argv.length, parsed.args().size());
            for (int i = 0; i < argv.length; i++)
            {
                assertArrayEquals(argv[i], parsed.args().get(i));
            }

            final int frameLength = RespEncoder.commandLength(argv, argv.length);
            final byte[] expectedFrame = new byte[frameLength];
            buffer.getBytes(frameStart, expectedFrame);
            assertArrayEquals(expectedFrame, parsed.frame());
            frameStart += frameLength;
        }
    }

    private void assertWritten(final String expected, final int end)
    {
        assertEquals(START + expected.length(), end, expected);
        assertEquals(expected, latin1(written(end)));
    }

    private byte[] written(final int end)
    {
        final byte[] bytes = new byte[end - START];
        buffer.getBytes(START, bytes);
        return bytes;
    }
}

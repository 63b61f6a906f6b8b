package io.vigil.core.resp;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.vigil.core.resp.RecordingHandler.bytes;
import static io.vigil.core.resp.RecordingHandler.latin1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespParserTest
{
    private static final String PREFIX = "PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n";
    private static final List<List<String>> PREFIX_COMMANDS = List.of(List.of("PING"), List.of("ECHO", "hi"));

    private final RespParser parser = new RespParser();
    private final RecordingHandler handler = new RecordingHandler();

    @Test
    void shouldParsePipelinedMultibulkAndInlineCommandsWithExactFrames()
    {
        final String[] frames =
        {
            "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n",
            "PING\r\n",
            "\r\n",
            "ECHO \"a b\"\n",
            "*0\r\n",
            "*1\r\n$4\r\nQUIT\r\n",
        };
        final boolean[] isCommand = { true, true, false, true, false, true };
        final byte[] input = bytes(String.join("", frames));
        final int base = 7;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[base + input.length + 5]);
        buffer.setMemory(0, buffer.capacity(), (byte)'#');
        buffer.putBytes(base, input);

        final int consumed = parser.parse(buffer, base, input.length, handler);

        assertEquals(input.length, consumed);
        assertEquals(List.of(), handler.errors);
        assertEquals(
            List.of(List.of("SET", "k", "hello"), List.of("PING"), List.of("ECHO", "a b"), List.of("QUIT")),
            handler.argStrings());

        int frameOffset = base;
        int commandIndex = 0;
        for (int i = 0; i < frames.length; i++)
        {
            if (isCommand[i])
            {
                final RecordingHandler.Command command = handler.commands.get(commandIndex++);
                assertEquals(frameOffset, command.frameOffset(), frames[i]);
                assertEquals(frames[i].length(), command.frameLength(), frames[i]);
                assertEquals(frames[i], command.frameString());
            }
            frameOffset += frames[i].length();
        }
        assertEquals(0, parser.bytesNeeded());
    }

    static List<String> singleFrames()
    {
        return List.of(
            "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$10\r\nva\r\nl\0ue\r\n\r\n",
            "*1\r\n$0\r\n\r\n",
            "*2\r\n$4\r\nECHO\r\n$11\r\n*1\r\n$1\r\nx\r\n\r\n",
            "SET k \"a b\\x00\" 'c\\'d'\r\n",
            "PING\n",
            "  ECHO   hi  \r\n");
    }

    @ParameterizedTest
    @MethodSource("singleFrames")
    void shouldParseCommandSplitAtEveryByte(final String frame)
    {
        final byte[] bytes = bytes(frame);
        final RecordingHandler whole = new RecordingHandler();
        assertEquals(bytes.length, new RespParser().parse(new UnsafeBuffer(bytes), 0, bytes.length, whole));
        assertEquals(1, whole.commands.size());
        final List<String> expectedArgs = whole.commands.get(0).argStrings();

        for (final boolean compact : new boolean[]{ false, true })
        {
            for (int split = 0; split <= bytes.length; split++)
            {
                final String context = "split=" + split + " compact=" + compact;
                final Feeder feeder = new Feeder(new RespParser(), compact);

                assertEquals(split == bytes.length ? bytes.length : 0, feeder.feed(bytes, 0, split), context);
                feeder.feed(bytes, split, bytes.length - split);

                assertEquals(List.of(), feeder.handler.errors, context);
                assertEquals(1, feeder.handler.commands.size(), context);
                assertEquals(expectedArgs, feeder.handler.commands.get(0).argStrings(), context);
                assertEquals(frame, feeder.handler.commands.get(0).frameString(), context);
                assertEquals(0, feeder.pending(), context);
                assertEquals(0, feeder.parser.bytesNeeded(), context);
            }
        }
    }

    @Test
    void shouldParsePipelineFedOneByteAtATime()
    {
        final byte[] input = bytes(String.join("", singleFrames()) + "\r\n*-1\r\n" + PREFIX);
        final RecordingHandler whole = new RecordingHandler();
        new RespParser().parse(new UnsafeBuffer(input), 0, input.length, whole);

        final Feeder feeder = new Feeder(parser, true);
        int consumed = 0;
        for (int i = 0; i < input.length; i++)
        {
            consumed += feeder.feed(input, i, 1);
        }

        assertEquals(input.length, consumed);
        assertEquals(List.of(), feeder.handler.errors);
        assertEquals(singleFrames().size() + PREFIX_COMMANDS.size(), feeder.handler.commands.size());
        assertEquals(whole.argStrings(), feeder.handler.argStrings());
        for (int i = 0; i < whole.commands.size(); i++)
        {
            assertEquals(whole.commands.get(i).frameString(), feeder.handler.commands.get(i).frameString());
        }
    }

    @Test
    void shouldKeepBinaryBulkValuesIntact()
    {
        final byte[] allBytes = new byte[256];
        for (int i = 0; i < allBytes.length; i++)
        {
            allBytes[i] = (byte)i;
        }
        final byte[] crlfAndNul = bytes("\r\n\0\r\n$3\r\n*1\r\n\0");
        final byte[][] argv = { bytes("SET"), allBytes, crlfAndNul, new byte[0] };
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes("*" + argv.length + "\r\n"));
        for (final byte[] arg : argv)
        {
            out.writeBytes(bytes("$" + arg.length + "\r\n"));
            out.writeBytes(arg);
            out.writeBytes(bytes("\r\n"));
        }
        final byte[] input = out.toByteArray();

        assertEquals(input.length, parser.parse(new UnsafeBuffer(input), 0, input.length, handler));

        assertEquals(List.of(), handler.errors);
        assertEquals(1, handler.commands.size());
        final List<byte[]> args = handler.commands.get(0).args();
        assertEquals(argv.length, args.size());
        for (int i = 0; i < argv.length; i++)
        {
            assertArrayEquals(argv[i], args.get(i));
        }
    }

    @Test
    void shouldConsumeEmptyLinesAndEmptyMultibulksWithoutCommand()
    {
        final byte[] input = bytes(
            "\r\n\n   \t\r\n*0\r\n*-1\r\n*-10\r\n*-9223372036854775808\r\nPING\r\n");

        assertEquals(input.length, parser.parse(new UnsafeBuffer(input), 0, input.length, handler));

        assertEquals(List.of(), handler.errors);
        assertEquals(List.of(List.of("PING")), handler.argStrings());
        assertEquals("PING\r\n", handler.commands.get(0).frameString());
    }

    @Test
    void shouldNotConsumeIncompleteTrailingFrame()
    {
        final byte[] input = bytes(PREFIX + "*2\r\n$3\r\nGET\r\n$1\r\n");

        assertEquals(PREFIX.length(), parser.parse(new UnsafeBuffer(input), 0, input.length, handler));

        assertEquals(PREFIX_COMMANDS, handler.argStrings());
        assertEquals(List.of(), handler.errors);
    }

    @Test
    void shouldReportBytesNeededForPendingFrame()
    {
        assertEquals(0, parser.bytesNeeded());

        final byte[] partial = bytes("*2\r\n$3\r\nGET\r\n$1\r\n");
        assertEquals(0, parser.parse(new UnsafeBuffer(partial), 0, partial.length, handler));
        assertEquals(partial.length + 1 + 2, parser.bytesNeeded());

        final UnsafeBuffer garbage = new UnsafeBuffer(bytes("*x\r\n*x\r\n*x\r\n*x\r\n*x\r\n"));
        assertEquals(0, parser.parse(garbage, 0, partial.length + 2, handler), "too short to be looked at");
        assertEquals(List.of(), handler.errors);

        final byte[] complete = bytes("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
        assertEquals(complete.length, parser.parse(new UnsafeBuffer(complete), 0, complete.length, handler));
        assertEquals(List.of(List.of("GET", "k")), handler.argStrings());
        assertEquals(0, parser.bytesNeeded());

        final byte[] inline = bytes("PIN");
        assertEquals(0, parser.parse(new UnsafeBuffer(inline), 0, inline.length, handler));
        assertEquals(4, parser.bytesNeeded());

        parser.reset();
        final byte[] headerEndingInCr = bytes("*1\r");
        assertEquals(0, parser.parse(new UnsafeBuffer(headerEndingInCr), 0, headerEndingInCr.length, handler));
        assertEquals(4, parser.bytesNeeded());
    }

    @Test
    void shouldTakeBytesAfterCrAndAfterBulkPayloadOnTrustAsRedisDoes()
    {
        final byte[] input = bytes("*1\rX$4\r\nPINGYY*1\r\n$4\r\nPING\r\n");

        assertEquals(input.length, parser.parse(new UnsafeBuffer(input), 0, input.length, handler));

        assertEquals(List.of(List.of("PING"), List.of("PING")), handler.argStrings());
        assertEquals("*1\rX$4\r\nPINGYY", handler.commands.get(0).frameString());
        assertEquals(List.of(), handler.errors);
    }

    @Test
    void shouldWaitWhenNulHidesLineEndThenReportTooBigInlineRequest()
    {
        final Feeder feeder = new Feeder(parser, false);

        assertEquals(0, feeder.feed(bytes("PING\0\r\n")));
        assertEquals(List.of(), feeder.handler.commands);
        assertEquals(List.of(), feeder.handler.errors);

        assertEquals(0, feeder.feed(bytes("x".repeat(65536 - 8) + "\n")));
        assertEquals(List.of(), feeder.handler.errors);

        feeder.feed(bytes("\n"));
        assertEquals(List.of("ERR Protocol error: too big inline request"), feeder.handler.errors);
        assertEquals(List.of(), feeder.handler.commands);
    }

    @Test
    void shouldWaitWhenNulHidesCountLineEndThenReportTooBigMbulkCountString()
    {
        final Feeder feeder = new Feeder(parser, true);

        assertEquals(0, feeder.feed(bytes("*1\0\r\n$4\r\nPING\r\n")));
        assertEquals(List.of(), feeder.handler.commands);
        assertEquals(List.of(), feeder.handler.errors);

        feeder.feed(bytes("\r\n".repeat(32768)));
        assertEquals(List.of("ERR Protocol error: too big mbulk count string"), feeder.handler.errors);
    }

    @ParameterizedTest
    @ValueSource(strings = { "\0", "*\0", "$\0" })
    void shouldCloseDesynchronisedStreamWithProtocolErrorOnceLimitIsPassed(final String start)
    {
        // After the "Protocol desync regression test" cases of Redis's tests/unit/protocol.tcl: the NUL hides every
        // later line end, so the request can only end in an error.
        final Feeder feeder = new Feeder(parser, true);
        final byte[] payload = bytes("A".repeat(1022) + "\r\n");
        feeder.feed(bytes(start));
        int fed = start.length();
        while (feeder.handler.errors.isEmpty() && fed <= 65536 + payload.length)
        {
            assertEquals(0, feeder.feed(payload));
            fed += payload.length;
        }

        final String expected = start.startsWith("*") ?
            "ERR Protocol error: too big mbulk count string" : "ERR Protocol error: too big inline request";
        assertEquals(List.of(expected), feeder.handler.errors);
        assertEquals(List.of(), feeder.handler.commands);
        assertTrue(fed > 65536);
    }

    @ParameterizedTest
    @ValueSource(strings =
    {
        "*abc\r\n",
        "*\r\n",
        "*01\r\n",
        "*+1\r\n",
        "* 1\r\n",
        "*1 \r\n",
        "*-0\r\n",
        "*-\r\n",
        "*1048577\r\n",
        "*2147483648\r\n",
        "*9223372036854775808\r\n",
        "*-9223372036854775809\r\n",
        "*000000000000000000001\r\n",
    })
    void shouldRejectInvalidMultibulkLength(final String bad)
    {
        assertErrorAfterPrefix(parser, bad, "ERR Protocol error: invalid multibulk length");
    }

    @Test
    void shouldAcceptMultibulkLengthAtLimit()
    {
        assertAcceptedAfterPrefix(new RespParser(), "*1048576\r\n");
        assertAcceptedAfterPrefix(
            new RespParser(RespLimits.builder().maxMultibulkLength(3).build()), "*3\r\n");
        assertErrorAfterPrefix(
            new RespParser(RespLimits.builder().maxMultibulkLength(3).build()),
            "*4\r\n",
            "ERR Protocol error: invalid multibulk length");
    }

    @ParameterizedTest
    @ValueSource(strings =
    {
        "*1\r\n$abc\r\n",
        "*1\r\n$\r\n",
        "*1\r\n$-1\r\n",
        "*1\r\n$-0\r\n",
        "*1\r\n$01\r\n",
        "*1\r\n$+1\r\n",
        "*1\r\n$1 \r\n",
        "*1\r\n$536870913\r\n",
        "*1\r\n$9223372036854775808\r\n",
        "*2\r\n$4\r\nECHO\r\n$x\r\n",
    })
    void shouldRejectInvalidBulkLength(final String bad)
    {
        assertErrorAfterPrefix(parser, bad, "ERR Protocol error: invalid bulk length");
    }

    @Test
    void shouldAcceptBulkLengthAtLimit()
    {
        assertAcceptedAfterPrefix(new RespParser(), "*1\r\n$536870912\r\n");
        final RespLimits limits = RespLimits.builder().maxBulkLength(5).build();
        assertAcceptedAfterPrefix(new RespParser(limits), "*1\r\n$5\r\n");
        assertErrorAfterPrefix(new RespParser(limits), "*1\r\n$6\r\n", "ERR Protocol error: invalid bulk length");
    }

    @Test
    void shouldRejectWrongBulkPrefixQuotingTheOffendingByte()
    {
        // The same input as the "Wrong multibulk payload header" case of Redis's tests/unit/protocol.tcl.
        assertErrorAfterPrefix(
            parser, "*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n", "ERR Protocol error: expected '$', got 'f'");
        assertErrorAfterPrefix(parser, "*1\r\n:1\r\n", "ERR Protocol error: expected '$', got ':'");
        assertErrorAfterPrefix(parser, "*1\r\n\u00ff1\r\n", "ERR Protocol error: expected '$', got '\u00ff'");
    }

    @Test
    void shouldReplaceLineBreakInExpectedDollarErrorBySpace()
    {
        assertErrorAfterPrefix(parser, "*1\r\n\r\n", "ERR Protocol error: expected '$', got ' '");
        assertErrorAfterPrefix(parser, "*1\r\n\n$1\r\n", "ERR Protocol error: expected '$', got ' '");
    }

    @Test
    void shouldRejectTooBigInlineRequestOnlyPastLimit()
    {
        assertAcceptedAfterPrefix(parser, "A".repeat(65536));
        assertErrorAfterPrefix(parser, "A".repeat(65537), "ERR Protocol error: too big inline request");

        final RespParser small = new RespParser(RespLimits.builder().inlineMaxSize(8).build());
        assertAcceptedAfterPrefix(small, "ABCDEFGH");
        assertErrorAfterPrefix(small, "ABCDEFGHI", "ERR Protocol error: too big inline request");
    }

    @Test
    void shouldAcceptInlineRequestLongerThanLimitWhenItArrivesWhole()
    {
        final String value = "v".repeat(100_000);
        final byte[] input = bytes("SET k " + value + "\r\n");

        assertEquals(input.length, parser.parse(new UnsafeBuffer(input), 0, input.length, handler));

        assertEquals(List.of(List.of("SET", "k", value)), handler.argStrings());
    }

    @Test
    void shouldRejectTooBigMbulkCountStringOnlyPastLimit()
    {
        assertAcceptedAfterPrefix(parser, "*" + "1".repeat(65535));
        assertErrorAfterPrefix(
            parser, "*" + "1".repeat(65536), "ERR Protocol error: too big mbulk count string");
    }

    @Test
    void shouldRejectTooBigBulkCountStringOnlyPastLimit()
    {
        assertAcceptedAfterPrefix(parser, "*1\r\n$" + "1".repeat(65535));
        assertErrorAfterPrefix(
            parser, "*1\r\n$" + "1".repeat(65536), "ERR Protocol error: too big bulk count string");
        assertErrorAfterPrefix(
            parser,
            "*2\r\n$4\r\nECHO\r\n$" + "1".repeat(65536),
            "ERR Protocol error: too big bulk count string");
    }

    @ParameterizedTest
    @ValueSource(strings =
    {
        "SET \"foo\r\n",
        "SET 'foo\r\n",
        "SET \"foo\"bar\r\n",
        "SET 'foo'bar\r\n",
        "SET \"foo\\\"\r\n",
        "SET \"foo\\\r\n",
        "SET 'foo\\'\n",
        "\"\n",
    })
    void shouldRejectUnbalancedQuotes(final String bad)
    {
        assertErrorAfterPrefix(parser, bad, "ERR Protocol error: unbalanced quotes in request");
    }

    @Test
    void shouldSplitInlineArgumentsAsSdssplitargs()
    {
        assertInline("SET \"a\\nb\" 'it\\'s' \"\\x41\\x42\\x00\" plain\r\n", "SET", "a\nb", "it's", "AB\0", "plain");
        assertInline("ECHO \"\\r\\t\\b\\a\\\\\\\"\\q\"\r\n", "ECHO", "\r\t\b\u0007\\\"q");
        assertInline("ECHO \"\\xfF\\xZZ\" \"\\x4\"\n", "ECHO", "\u00ffxZZ", "x4");
        assertInline("ECHO 'a\\nb' 'x\"y'\n", "ECHO", "a\\nb", "x\"y");
        assertInline("ECHO foo\"bar baz\"\n", "ECHO", "foobar baz");
        assertInline("ECHO \"\" ''\n", "ECHO", "", "");
        assertInline("ECHO a\u000Bb\n", "ECHO", "a\u000Bb");
        assertInline("\u000B\u000CPING\n", "PING");
        assertInline("ECHO \"a\"\u000Bb\n", "ECHO", "a", "b");
        assertInline("ECHO a\rb\n", "ECHO", "a", "b");
        assertInline("SET\tk\t\tv   \n", "SET", "k", "v");
        assertInline("PING\r\r\n", "PING");
        assertInline("ECHO \u00e9\u00ff\n", "ECHO", "\u00e9\u00ff");
    }

    @Test
    void shouldApplyUnauthenticatedLimitsOnlyWhileAuthRequired()
    {
        final RespParser unauthenticated = new RespParser().authRequired(true);
        assertErrorAfterPrefix(unauthenticated, "*11\r\n", "ERR Protocol error: unauthenticated multibulk length");
        assertAcceptedAfterPrefix(unauthenticated, "*10\r\n");
        assertErrorAfterPrefix(
            unauthenticated, "*1\r\n$16385\r\n", "ERR Protocol error: unauthenticated bulk length");
        assertAcceptedAfterPrefix(unauthenticated, "*1\r\n$16384\r\n");

        final RespParser authenticated = new RespParser().authRequired(false);
        assertAcceptedAfterPrefix(authenticated, "*11\r\n");
        assertAcceptedAfterPrefix(authenticated, "*1\r\n$16385\r\n");
    }

    @Test
    void shouldReportInvalidLengthBeforeUnauthenticatedLength()
    {
        final RespParser unauthenticated = new RespParser().authRequired(true);
        assertErrorAfterPrefix(unauthenticated, "*1048577\r\n", "ERR Protocol error: invalid multibulk length");
        assertErrorAfterPrefix(unauthenticated, "*1\r\n$536870913\r\n", "ERR Protocol error: invalid bulk length");

        final byte[] input = bytes(PREFIX + "*-5\r\n");
        assertEquals(input.length, unauthenticated.parse(new UnsafeBuffer(input), 0, input.length, handler));
        assertEquals(PREFIX_COMMANDS, handler.argStrings());
        assertEquals(List.of(), handler.errors);
    }

    @Test
    void shouldApplyConfiguredUnauthenticatedLimits()
    {
        final RespParser unauthenticated = new RespParser(RespLimits.builder()
            .unauthenticatedMaxMultibulkLength(2)
            .unauthenticatedMaxBulkLength(4)
            .build()).authRequired(true);

        assertErrorAfterPrefix(unauthenticated, "*3\r\n", "ERR Protocol error: unauthenticated multibulk length");
        assertErrorAfterPrefix(
            unauthenticated, "*1\r\n$5\r\n", "ERR Protocol error: unauthenticated bulk length");
        assertAcceptedAfterPrefix(unauthenticated, "*2\r\n$4\r\n");
    }

    @Test
    void shouldLiftUnauthenticatedLimitsForNextCommandWhenHandlerAuthenticates()
    {
        final RespParser gated = new RespParser().authRequired(true);
        final RespParser.CommandHandler authenticating = new RespParser.CommandHandler()
        {
            public void onCommand(
                final byte[][] argv, final int argc, final DirectBuffer buffer, final int offset, final int length)
            {
                handler.onCommand(argv, argc, buffer, offset, length);
                if ("AUTH".equals(latin1(argv[0])))
                {
                    gated.authRequired(false);
                }
            }

            public void onProtocolError(final String message)
            {
                handler.onProtocolError(message);
            }
        };
        final String eleven = "*11\r\n" + "$1\r\nx\r\n".repeat(11);
        final byte[] input = bytes("AUTH secret\r\n" + eleven);

        assertEquals(input.length, gated.parse(new UnsafeBuffer(input), 0, input.length, authenticating));

        assertEquals(List.of(), handler.errors);
        assertEquals(2, handler.commands.size());
        assertEquals(11, handler.commands.get(1).args().size());
    }

    @Test
    void shouldReportErrorFromLaterReadAfterDeliveringEarlierCommands()
    {
        final Feeder feeder = new Feeder(parser, true);
        final byte[] input = bytes(PREFIX + "*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n");
        int consumed = 0;
        for (int i = 0; i < input.length && feeder.handler.errors.isEmpty(); i++)
        {
            consumed += feeder.feed(input, i, 1);
        }

        assertEquals(PREFIX.length(), consumed);
        assertEquals(PREFIX_COMMANDS, feeder.handler.argStrings());
        assertEquals(List.of("ERR Protocol error: expected '$', got 'f'"), feeder.handler.errors);
    }

    @Test
    void shouldBeReusableAfterProtocolErrorAndAfterReset()
    {
        final byte[] bad = bytes("*2\r\n$3\r\nGET\r\n$x\r\n");
        assertEquals(0, parser.parse(new UnsafeBuffer(bad), 0, bad.length, handler));
        assertEquals(List.of("ERR Protocol error: invalid bulk length"), handler.errors);
        assertEquals(0, parser.bytesNeeded());

        final byte[] ping = bytes("PING\r\n");
        assertEquals(ping.length, parser.parse(new UnsafeBuffer(ping), 0, ping.length, handler));
        assertEquals(List.of(List.of("PING")), handler.argStrings());

        final byte[] partial = bytes("*2\r\n$3\r\nGET\r\n");
        assertEquals(0, parser.parse(new UnsafeBuffer(partial), 0, partial.length, handler));
        assertTrue(parser.bytesNeeded() > 0);
        parser.reset();
        assertEquals(0, parser.bytesNeeded());

        final byte[] echo = bytes("*2\r\n$4\r\nECHO\r\n$1\r\nz\r\n");
        assertEquals(echo.length, parser.parse(new UnsafeBuffer(echo), 0, echo.length, handler));
        assertEquals(List.of(List.of("PING"), List.of("ECHO", "z")), handler.argStrings());
        assertEquals(1, handler.errors.size());
    }

    @Test
    void shouldHandArgumentsTheHandlerMayKeep()
    {
        final byte[] input = bytes("*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n*2\r\n$4\r\nECHO\r\n$3\r\nxyz\r\nECHO def\r\n");

        parser.parse(new UnsafeBuffer(input), 0, input.length, handler);

        assertEquals(List.of(List.of("ECHO", "abc"), List.of("ECHO", "xyz"), List.of("ECHO", "def")),
            handler.argStrings());
        assertNotSame(handler.commands.get(0).args().get(1), handler.commands.get(1).args().get(1));
        assertNotSame(handler.commands.get(1).args().get(1), handler.commands.get(2).args().get(1));
    }

    @Test
    void shouldGrowArgumentTableForManyArgumentsAndShrinkAfterwards()
    {
        final int count = 5000;
        final StringBuilder command = new StringBuilder("*" + (count + 1) + "\r\n$5\r\nRPUSH\r\n");
        final List<String> expected = new ArrayList<>();
        expected.add("RPUSH");
        for (int i = 0; i < count; i++)
        {
            final String arg = Integer.toString(i);
            command.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
            expected.add(arg);
        }
        final byte[] input = bytes(command + "*1\r\n$4\r\nPING\r\n");

        assertEquals(input.length, parser.parse(new UnsafeBuffer(input), 0, input.length, handler));

        assertEquals(List.of(expected, List.of("PING")), handler.argStrings());
    }

    @Test
    void shouldParseLargeBulkArrivingInSmallReadsWithoutRescanning()
    {
        final int size = 8 * 1024 * 1024;
        final byte[] payload = new byte[size];
        Arrays.fill(payload, (byte)'v');
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] header = bytes("*2\r\n$4\r\nECHO\r\n$" + size + "\r\n");
        out.writeBytes(header);
        out.writeBytes(payload);
        out.writeBytes(bytes("\r\n"));
        final byte[] input = out.toByteArray();

        // Once the bulk header is read the parser knows how much it needs, and calls with less return at once.
        final UnsafeBuffer partial = new UnsafeBuffer(Arrays.copyOf(input, header.length + 100));
        assertEquals(0, parser.parse(partial, 0, partial.capacity(), handler));
        assertEquals(input.length, parser.bytesNeeded());
        assertEquals(0, parser.parse(partial, 0, partial.capacity(), handler));
        assertEquals(input.length, parser.bytesNeeded());
        parser.reset();

        final Feeder feeder = new Feeder(parser, false);
        for (int i = 0; i < input.length; i += 64)
        {
            feeder.feed(input, i, Math.min(64, input.length - i));
        }
        assertEquals(1, feeder.handler.commands.size());
        assertArrayEquals(payload, feeder.handler.commands.get(0).args().get(1));
    }

    @Test
    void shouldParseManySmallArgumentsArrivingInSmallReads()
    {
        final int count = 300_000;
        final byte[] input = bytes("*" + (count + 1) + "\r\n$5\r\nRPUSH\r\n" + "$1\r\nx\r\n".repeat(count));

        final Feeder feeder = new Feeder(parser, false);
        for (int i = 0; i < input.length; i += 64)
        {
            feeder.feed(input, i, Math.min(64, input.length - i));
        }

        assertEquals(1, feeder.handler.commands.size());
        assertEquals(count + 1, feeder.handler.commands.get(0).args().size());
        assertEquals(input.length, feeder.handler.commands.get(0).frameLength());
    }

    @Test
    void shouldRejectLimitsOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> RespLimits.builder().maxBulkLength(-1));
        assertThrows(IllegalArgumentException.class, () -> RespLimits.builder().maxBulkLength(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> RespLimits.builder().inlineMaxSize(-1));
        assertThrows(
            IllegalArgumentException.class, () -> RespLimits.builder().maxMultibulkLength(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> RespLimits.builder().unauthenticatedMaxBulkLength(-1));
        assertThrows(
            IllegalArgumentException.class, () -> RespLimits.builder().unauthenticatedMaxMultibulkLength(-1));
    }

    @Test
    void shouldDefaultToRedisLimits()
    {
        final RespLimits limits = RespLimits.DEFAULT;
        assertEquals(536870912, limits.maxBulkLength());
        assertEquals(65536, limits.inlineMaxSize());
        assertEquals(1048576, limits.maxMultibulkLength());
        assertEquals(10, limits.unauthenticatedMaxMultibulkLength());
        assertEquals(16384, limits.unauthenticatedMaxBulkLength());
    }

    private void assertInline(final String line, final String... expected)
    {
        final RecordingHandler inlineHandler = new RecordingHandler();
        final byte[] input = bytes(line);

        assertEquals(input.length, new RespParser().parse(new UnsafeBuffer(input), 0, input.length, inlineHandler));

        assertEquals(List.of(), inlineHandler.errors, line);
        assertEquals(List.of(List.of(expected)), inlineHandler.argStrings(), line);
        assertEquals(line, inlineHandler.commands.get(0).frameString());
    }

    private static void assertErrorAfterPrefix(final RespParser parser, final String bad, final String expected)
    {
        parser.reset();
        final RecordingHandler handler = new RecordingHandler();
        final byte[] input = bytes(PREFIX + bad);

        final int consumed = parser.parse(new UnsafeBuffer(input), 0, input.length, handler);

        assertEquals(List.of(expected), handler.errors, describe(bad));
        assertEquals(PREFIX.length(), consumed, describe(bad));
        assertEquals(PREFIX_COMMANDS, handler.argStrings(), describe(bad));
        assertEquals(0, parser.bytesNeeded(), describe(bad));
    }

    private static void assertAcceptedAfterPrefix(final RespParser parser, final String incomplete)
    {
        parser.reset();
        final RecordingHandler handler = new RecordingHandler();
        final byte[] input = bytes(PREFIX + incomplete);

        final int consumed = parser.parse(new UnsafeBuffer(input), 0, input.length, handler);

        assertEquals(List.of(), handler.errors, describe(incomplete));
        assertEquals(PREFIX.length(), consumed, describe(incomplete));
        assertEquals(PREFIX_COMMANDS, handler.argStrings(), describe(incomplete));
        assertTrue(parser.bytesNeeded() > incomplete.length(), describe(incomplete));
        parser.reset();
    }

    private static String describe(final String input)
    {
        return input.length() <= 40 ? input : input.substring(0, 20) + "...(" + input.length() + " chars)";
    }
}

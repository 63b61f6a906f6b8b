package io.vigil.replication;

import io.vigil.replication.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed and hostile input over a raw socket: each test checks the reply and whether the connection is closed,
 * then that the node still serves another client and that no data changed.
 */
class RawProtocolTest
{
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final byte[] CANARY_VALUE = "still here".getBytes(StandardCharsets.US_ASCII);

    private VigilNode node;

    private void start(final NodeConfig.Builder config)
    {
        node = VigilNode.start(config.port(0).build());
        node.execute(bytes("SET"), bytes("canary"), CANARY_VALUE);
    }

    private void start()
    {
        start(NodeConfig.builder());
    }

    @AfterEach
    void close()
    {
        if (node != null)
        {
            node.close();
        }
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Another client is served, the canary key is intact and the number of keys is as expected.
     */
    private void assertNodeHealthy(final long expectedKeys, final String password) throws IOException
    {
        try (RawClient other = new RawClient(node.port()))
        {
            if (password != null)
            {
                assertEquals("+OK\r\n", other.call("AUTH", password));
            }
            assertEquals("+PONG\r\n", other.call("PING"));
            assertEquals(":" + expectedKeys + "\r\n", other.call("DBSIZE"));
            assertEquals("$10\r\nstill here\r\n", other.call("GET", "canary"));
            assertEquals("+OK\r\n", other.call("SET", "health", "ok"));
            assertEquals("$2\r\nok\r\n", other.call("GET", "health"));
            assertEquals(":1\r\n", other.call("DEL", "health"));
        }
    }

    private void assertNodeHealthy() throws IOException
    {
        assertNodeHealthy(1, null);
    }

    private String sendAndReadUntilClosed(final String input) throws IOException
    {
        try (RawClient client = new RawClient(node.port()))
        {
            client.sendRaw(input);
            return client.readUntilClosed(CLOSE_WAIT);
        }
    }

    @Test
    void framesSplitAcrossWritesAreExecutedOnceComplete() throws IOException
    {
        start();
        try (RawClient client = new RawClient(node.port()))
        {
            client.sendRaw("*3\r\n$3\r\nSET\r\n$3\r\nk");
            assertTrue(client.staysSilent(Duration.ofMillis(100)), "no reply to a partial request");
            client.sendRaw("ey\r\n$5\r\nva");
            assertTrue(client.staysSilent(Duration.ofMillis(100)), "no reply to a partial request");
            client.sendRaw("lue\r");
            assertTrue(client.staysSilent(Duration.ofMillis(100)), "no reply before the final LF");
            client.sendRaw("\n*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n");
            assertEquals("+OK\r\n", client.readReply());
            assertEquals("$5\r\nvalue\r\n", client.readReply());
            // One byte at a time.
            for (final byte b : RawClient.multibulk("ECHO", "byte by byte"))
            {
                client.send(new byte[]{ b });
            }
            assertEquals("$12\r\nbyte by byte\r\n", client.readReply());
        }
        assertNodeHealthy(2, null);
    }

    @Test
    void bulkLengthLongerThanItsPayloadTakesTheFollowingBytes() throws IOException
    {
        start();
        try (RawClient client = new RawClient(node.port()))
        {
            client.sendRaw("*1\r\n$10\r\nabc\r\n");
            assertTrue(client.staysSilent(Duration.ofMillis(100)), "waits for 10 bytes");
            // Ten bytes "abc\r\ndefgh", then "ij" taken as the payload's CRLF unchecked, then an empty inline line.
            client.sendRaw("defghij\r\n");
            assertEquals("-ERR unknown command 'abc  defgh', with args beginning with: \r\n", client.readReply());
            assertEquals("+PONG\r\n", client.call("PING"));
        }
        assertNodeHealthy();
    }

    @Test
    void bulkLengthAboveProtoMaxBulkLenIsAProtocolErrorThatClosesTheConnection() throws IOException
    {
        start();
        assertEquals("-ERR Protocol error: invalid bulk length\r\n<closed>",
            sendAndReadUntilClosed("*1\r\n$536870913\r\n"));
        assertEquals("-ERR Protocol error: invalid bulk length\r\n<closed>",
            sendAndReadUntilClosed("*2\r\n$3\r\nSET\r\n$99999999999999999999\r\n"));
        assertNodeHealthy();
    }

    @Test
    void protoMaxBulkLenSetAtRunTimeLimitsNewConnections() throws IOException
    {
        start();
        try (RawClient admin = new RawClient(node.port()))
        {
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "proto-max-bulk-len", "1mb"));
            assertEquals("*2\r\n$18\r\nproto-max-bulk-len\r\n$7\r\n1048576\r\n",
                admin.call("CONFIG", "GET", "proto-max-bulk-len"));
        }
        assertEquals("-ERR Protocol error: invalid bulk length\r\n<closed>",
            sendAndReadUntilClosed("*2\r\n$4\r\nECHO\r\n$1048577\r\n"));
        try (RawClient client = new RawClient(node.port()))
        {
            client.send(RawClient.multibulk("ECHO".getBytes(StandardCharsets.US_ASCII), new byte[1 << 20]));
            assertEquals("$1048576\r\n".length() + (1 << 20) + 2, client.readReply().length());
        }
        assertNodeHealthy();
    }

    @Test
    void protoMaxBulkLenSetAtRunTimeLimitsOpenConnections() throws IOException
    {
        start();
        try (RawClient open = new RawClient(node.port()); RawClient admin = new RawClient(node.port()))
        {
            assertEquals("+PONG\r\n", open.call("PING"));
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "proto-max-bulk-len", "1mb"));
            open.sendRaw("*2\r\n$4\r\nECHO\r\n$1048577\r\n");
            assertEquals("-ERR Protocol error: invalid bulk length\r\n<closed>",
                open.readUntilClosed(CLOSE_WAIT));
        }
        assertNodeHealthy();
    }

    @Test
    void oversizedMultibulkCountIsAProtocolErrorThatClosesTheConnection() throws IOException
    {
        start();
        // Above INT_MAX for Redis 7 too; above Vigil's default cap of 1024 * 1024 arguments.
        assertEquals("-ERR Protocol error: invalid multibulk length\r\n<closed>",
            sendAndReadUntilClosed("*2147483648\r\n"));
        assertEquals("-ERR Protocol error: invalid multibulk length\r\n<closed>",
            sendAndReadUntilClosed("*1048577\r\n"));
        assertNodeHealthy();
    }

    @Test
    void nonNumericLengthsAreProtocolErrors() throws IOException
    {
        start();
        assertEquals("-ERR Protocol error: invalid multibulk length\r\n<closed>", sendAndReadUntilClosed("*x\r\n"));
        assertEquals("-ERR Protocol error: invalid multibulk length\r\n<closed>", sendAndReadUntilClosed("*1x\r\n"));
        assertEquals("-ERR Protocol error: invalid bulk length\r\n<closed>", sendAndReadUntilClosed("*1\r\n$x\r\n"));
        assertEquals("-ERR Protocol error: invalid bulk length\r\n<closed>", sendAndReadUntilClosed("*1\r\n$-1\r\n"));
        assertNodeHealthy();
    }

    @Test
    void bulkWithoutDollarIsAProtocolErrorNamingTheByte() throws IOException
    {
        start();
        assertEquals("-ERR Protocol error: expected '$', got 'x'\r\n<closed>", sendAndReadUntilClosed("*1\r\nx\r\n"));
        assertEquals("-ERR Protocol error: expected '$', got ':'\r\n<closed>",
            sendAndReadUntilClosed("*2\r\n$4\r\nECHO\r\n:1\r\n"));
        assertNodeHealthy();
    }

    @Test
    void lineWithoutNewlineOver64KbIsTooBig() throws IOException
    {
        start();
        assertEquals("-ERR Protocol error: too big inline request\r\n<closed>",
            sendAndReadUntilClosed("SET k " + "v".repeat(70_000)));
        assertEquals("-ERR Protocol error: too big mbulk count string\r\n<closed>",
            sendAndReadUntilClosed("*" + "1".repeat(70_000)));
        assertEquals("-ERR Protocol error: too big bulk count string\r\n<closed>",
            sendAndReadUntilClosed("*1\r\n$" + "1".repeat(70_000)));
        assertNodeHealthy();
    }

    @Test
    void inlineRequestsAreSplitAndQuotedAsRedisDoes() throws IOException
    {
        start();
        try (RawClient client = new RawClient(node.port()))
        {
            client.sendRaw("SET 'inline key' \"a\\x41\\tb\"\r\n\r\nGET \"inline key\"\n  ECHO   spaced  \r\n");
            assertEquals("+OK\r\n", client.readReply());
            assertEquals("$4\r\naA\tb\r\n", client.readReply());
            assertEquals("$6\r\nspaced\r\n", client.readReply());
        }
        assertNodeHealthy(2, null);
    }

    @Test
    void unbalancedQuotesAreAProtocolError() throws IOException
    {
        start();
        assertEquals("+PONG\r\n-ERR Protocol error: unbalanced quotes in request\r\n<closed>",
            sendAndReadUntilClosed("PING\r\nSET k \"abc\r\nSET k v\r\n"));
        assertEquals("-ERR Protocol error: unbalanced quotes in request\r\n<closed>",
            sendAndReadUntilClosed("ECHO 'abc\r\n"));
        assertEquals("-ERR Protocol error: unbalanced quotes in request\r\n<closed>",
            sendAndReadUntilClosed("ECHO \"abc\"def\r\n"));
        assertNodeHealthy();
    }

    @Test
    void binaryGarbageClosesTheConnectionWithoutHarm() throws IOException
    {
        start();
        // A multibulk header of random non-digit bytes, then random bytes: all of it fits in the socket buffers and in
        // one server read, so the server refuses it at once and closes with nothing left unread. (Garbage larger than
        // the buffers would race the close: the client's write could fail, or the close reset the reply.)
        final Random random = new Random(42);
        final byte[] garbage = new byte[16 * 1024];
        random.nextBytes(garbage);
        garbage[0] = '*';
        for (int i = 1; i <= 100; i++)
        {
            // No digit or sign (a count), no line end, and no NUL (which hides a line end, as strchr does in Redis).
            if ((garbage[i] >= '0' && garbage[i] <= '9') || garbage[i] == '\r' || garbage[i] == '\n' ||
                garbage[i] == '-' || garbage[i] == 0)
            {
                garbage[i] = 'x';
            }
        }
        garbage[101] = '\r';
        garbage[102] = '\n';
        try (RawClient client = new RawClient(node.port()))
        {
            client.send(garbage);
            final String received = client.readUntilClosed(CLOSE_WAIT);
            assertEquals("-ERR Protocol error: invalid multibulk length\r\n<closed>", received);
        }
        assertNodeHealthy();
    }

    @Test
    void unauthenticatedClientCannotSendLargeRequests() throws IOException
    {
        start(NodeConfig.builder().requirepass("pw"));
        assertEquals("-ERR Protocol error: unauthenticated multibulk length\r\n<closed>",
            sendAndReadUntilClosed("*11\r\n"));
        assertEquals("-ERR Protocol error: unauthenticated bulk length\r\n<closed>",
            sendAndReadUntilClosed("*2\r\n$3\r\nGET\r\n$16385\r\n"));
        assertEquals("-NOAUTH Authentication required.\r\n-ERR Protocol error: unauthenticated multibulk length" +
            "\r\n<closed>", sendAndReadUntilClosed("*10\r\n$4\r\nMGET\r\n" + "$1\r\na\r\n".repeat(9) + "*1000\r\n"));
        // Once authenticated, the ordinary limits apply.
        try (RawClient client = new RawClient(node.port()))
        {
            client.sendRaw("*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n*2\r\n$4\r\nECHO\r\n$20000\r\n" + "e".repeat(20_000) +
                "\r\n");
            assertEquals("+OK\r\n", client.readReply());
            assertEquals("$20000\r\n".length() + 20_000 + 2, client.readReply().length());
        }
        assertNodeHealthy(1, "pw");
    }

    @Test
    void clientThatNeverReadsIsClosedAtTheOutputBufferHardLimit() throws IOException
    {
        start(NodeConfig.builder().normalLimit(new NodeConfig.OutputBufferLimit(1 << 20, 0, 0)));
        final byte[] big = new byte[256 * 1024];
        Arrays.fill(big, (byte)'b');
        node.execute(bytes("SET"), bytes("big"), big);
        try (Socket slow = new Socket())
        {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", node.port()), 5_000);
            slow.setSoTimeout(5_000);
            final OutputStream out = slow.getOutputStream();
            // 64 pipelined GETs of 256 KB: 16 MB of replies against a 1 MB hard limit.
            out.write(bytes("GET big\r\n".repeat(64)));
            out.flush();
            final InputStream in = slow.getInputStream();
            final long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            long received = 0;
            int n = 0;
            final byte[] buffer = new byte[8192];
            while (n >= 0 && System.nanoTime() < deadline)
            {
                n = in.read(buffer);
                received += Math.max(0, n);
            }
            assertEquals(-1, n, "connection closed");
            assertTrue(received < 16L * 256 * 1024, "closed before all replies were written: " + received);
        }
        catch (final java.net.SocketException ex)
        {
            // Reset by the server: closed.
            assertTrue(ex.getMessage().contains("reset"), ex.toString());
        }
        assertNodeHealthy(2, null);
        assertArrayEquals(big, node.get(bytes("big")));
    }

    @Test
    void subscriberThatNeverReadsIsClosedAtThePubsubHardLimit() throws IOException
    {
        start(NodeConfig.builder().pubsubLimit(new NodeConfig.OutputBufferLimit(256 * 1024, 0, 0)));
        try (Socket slow = new Socket(); RawClient publisher = new RawClient(node.port()))
        {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", node.port()), 5_000);
            slow.getOutputStream().write(RawClient.multibulk("SUBSCRIBE", "firehose"));
            slow.getOutputStream().flush();
            final byte[] subscribed = slow.getInputStream().readNBytes(
                "*3\r\n$9\r\nsubscribe\r\n$8\r\nfirehose\r\n:1\r\n".length());
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$8\r\nfirehose\r\n:1\r\n",
                new String(subscribed, StandardCharsets.US_ASCII));
            final String message = "m".repeat(1024);
            long receivers = 1;
            // 4 MB of messages, far beyond what the socket buffers and the 256 KB limit hold.
            for (int i = 0; i < 4096 && receivers == 1; i++)
            {
                final String reply = publisher.call("PUBLISH", "firehose", message);
                receivers = Long.parseLong(reply.substring(1, reply.length() - 2));
            }
            assertEquals(0, receivers, "the subscriber was dropped");
            assertEquals("*2\r\n$8\r\nfirehose\r\n:0\r\n", publisher.call("PUBSUB", "NUMSUB", "firehose"));
        }
        assertNodeHealthy();
    }

    @Test
    void slowSubscriberDroppedDuringAPublishDoesNotDisturbTheOthers() throws Exception
    {
        start(NodeConfig.builder().pubsubLimit(new NodeConfig.OutputBufferLimit(256 * 1024, 0, 0)));
        final String subscribed = "*3\r\n$9\r\nsubscribe\r\n$8\r\nfirehose\r\n:1\r\n";
        try (Socket slow = new Socket(); RawClient healthy = new RawClient(node.port());
            RawClient publisher = new RawClient(node.port()))
        {
            // The slow subscriber comes first, so the publish that drops it goes on to the healthy one.
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", node.port()), 5_000);
            slow.getOutputStream().write(RawClient.multibulk("SUBSCRIBE", "firehose"));
            slow.getOutputStream().flush();
            assertEquals(subscribed, new String(slow.getInputStream().readNBytes(subscribed.length()),
                StandardCharsets.US_ASCII));
            assertEquals(subscribed, healthy.call("SUBSCRIBE", "firehose"));
            final java.util.concurrent.atomic.AtomicLong drained = new java.util.concurrent.atomic.AtomicLong();
            final Thread drainer = new Thread(() ->
            {
                final byte[] buffer = new byte[64 * 1024];
                try
                {
                    int n;
                    while ((n = healthy.socket().getInputStream().read(buffer)) > 0)
                    {
                        drained.addAndGet(n);
                    }
                }
                catch (final IOException ignore)
                {
                    // Closed at the end of the test.
                }
            }, "drainer");
            drainer.setDaemon(true);
            drainer.start();

            final String message = "m".repeat(1024);
            long receivers = 2;
            int published = 0;
            for (; published < 8192 && receivers == 2; published++)
            {
                final String reply = publisher.call("PUBLISH", "firehose", message);
                assertTrue(reply.startsWith(":"), "PUBLISH answered: " + reply);
                receivers = Long.parseLong(reply.substring(1, reply.length() - 2));
            }
            assertTrue(receivers < 2, "the slow subscriber was dropped after " + published + " messages");
            assertEquals(":1\r\n", publisher.call("PUBLISH", "firehose", "after"));
            assertEquals("*2\r\n$8\r\nfirehose\r\n:1\r\n", publisher.call("PUBSUB", "NUMSUB", "firehose"));
            final long perMessage = "*3\r\n$7\r\nmessage\r\n$8\r\nfirehose\r\n$1024\r\n".length() + 1024 + 2;
            final long expected = published * perMessage;
            io.vigil.replication.support.Poll.await(Duration.ofSeconds(10), () -> drained.get() >= expected,
                "the healthy subscriber to get every message");
        }
        assertNodeHealthy();
    }

    @Test
    void quitAfterAPipelinedWriteAnswersBothBeforeClosing() throws IOException
    {
        start();
        assertEquals("+OK\r\n+OK\r\n<closed>", sendAndReadUntilClosed("SET quit:k v\r\nQUIT\r\nSET quit:k w\r\n"));
        assertEquals("+OK\r\n$1\r\nv\r\n+OK\r\n<closed>",
            sendAndReadUntilClosed("SET quit:k v\r\nGET quit:k\r\nQUIT\r\n"));
        assertNodeHealthy(2, null);
    }

    @Test
    void protocolErrorAfterPipelinedWritesAnswersEverythingBeforeIt() throws IOException
    {
        start();
        assertEquals("+OK\r\n$1\r\n1\r\n-ERR Protocol error: invalid multibulk length\r\n<closed>",
            sendAndReadUntilClosed("SET pe:k 1\r\nGET pe:k\r\n*x\r\n"));
        assertNodeHealthy(2, null);
    }

    @Test
    void clientPipeliningHugeRepliesIsClosedBeforeTheNodeRunsOutOfMemory() throws IOException
    {
        start(NodeConfig.builder().normalLimit(new NodeConfig.OutputBufferLimit(1 << 20, 0, 0)));
        final byte[] big = new byte[1 << 20];
        node.execute(bytes("SET"), bytes("big"), big);
        try (RawClient greedy = new RawClient(node.port()))
        {
            greedy.send(bytes("GET big\r\n".repeat(4000)));
            assertTrue(greedy.awaitClosed(CLOSE_WAIT), "closed at the hard limit");
        }
        assertNodeHealthy(2, null);
    }
}

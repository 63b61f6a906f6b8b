package io.vigil.core;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the same command sequences against a fresh {@link VigilStore} and a real Redis 7.0 server and requires identical
 * replies, then identical keyspaces (keys, values and deadlines).
 * <p>
 * Sequences are written one command per line, separated by blank lines; a line starting with {@code #} names the
 * sequence. Arguments are separated by spaces; a double-quoted argument may hold spaces and the escapes {@code \xHH},
 * {@code \r}, {@code \n}, {@code \t}, {@code \"} and {@code \\}; {@code ""} is the empty argument. A command may be
 * prefixed to relax the comparison where Redis's reply legitimately depends on time or chance:
 * <ul>
 *     <li>{@code ~} integer replies that depend on the clock (TTL of a relative expiry): equal sign, close value;</li>
 *     <li>{@code %} an array compared as a multiset (KEYS);</li>
 *     <li>{@code ?} RANDOMKEY: both nil, or both a key that exists on its side;</li>
 *     <li>{@code @} a SCAN from cursor 0 iterated to the end on each side, the keys compared as sets;</li>
 *     <li>{@code !sleep N} pause N milliseconds.</li>
 * </ul>
 * Needs {@code redis-server} on the PATH: without it the test is skipped, unless the environment variable CI is
 * "true", in which case it fails.
 */
class RedisDifferentialTest
{
    private static final int TIMEOUT_MS = 5_000;
    private static final long MS_TOLERANCE = 2_000;
    private static final long SECONDS_TOLERANCE = 2;

    private static volatile Process redis;
    private static Path redisLog;
    private static RespTestClient client;
    /** Set when the test cannot run here and may be skipped; reported by the test itself so the skip is visible. */
    private static String skipReason;

    @BeforeAll
    static void startRedis() throws Exception
    {
        final Path server = findOnPath("redis-server");
        final boolean ci = "true".equals(System.getenv("CI"));
        if (server == null)
        {
            if (ci)
            {
                fail("redis-server is not on the PATH, and CI=true requires the differential test to run; " +
                    "install it with: apt-get install -y redis-server redis-tools");
            }
            skipReason = "redis-server is not on the PATH: differential test against Redis 7.0 skipped " +
                "(install with: apt-get install -y redis-server redis-tools)";
            System.err.println("RedisDifferentialTest: " + skipReason);
            return;
        }

        redisLog = Files.createTempFile("vigil-redis-diff", ".log");
        // Should the JVM die before @AfterAll, do not leave the server running.
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            final Process p = redis;
            if (p != null)
            {
                p.destroyForcibly();
            }
        }));
        IOException lastFailure = null;
        for (int attempt = 0; attempt < 3 && client == null; attempt++)
        {
            final int port;
            try (ServerSocket probe = new ServerSocket(0))
            {
                port = probe.getLocalPort();
            }
            redis = new ProcessBuilder(
                server.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true)
                .redirectOutput(redisLog.toFile())
                .start();
            try
            {
                client = connectWhenReady(port);
            }
            catch (final IOException ex)
            {
                lastFailure = ex;
                stopProcess();
            }
        }
        if (client == null)
        {
            fail("redis-server did not start: " + lastFailure + "\n" + Files.readString(redisLog));
        }

        final String version = redisVersion();
        if (!version.startsWith("7.0."))
        {
            final String reason = "the differential test targets Redis 7.0 but redis-server is " + version;
            if (ci)
            {
                fail(reason);
            }
            skipReason = reason;
            System.err.println("RedisDifferentialTest: " + skipReason);
        }
    }

    @AfterAll
    static void stopRedis() throws Exception
    {
        if (client != null)
        {
            client.close();
            client = null;
        }
        stopProcess();
        if (redisLog != null)
        {
            Files.deleteIfExists(redisLog);
        }
    }

    private static void stopProcess() throws InterruptedException
    {
        final Process p = redis;
        if (p != null)
        {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            redis = null;
        }
    }

    private static Path findOnPath(final String name)
    {
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return null;
        }
        for (final String dir : path.split(File.pathSeparator))
        {
            final Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static RespTestClient connectWhenReady(final int port) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        IOException last = null;
        while (System.nanoTime() - deadline < 0)
        {
            if (!redis.isAlive())
            {
                throw new IOException("redis-server exited with " + redis.exitValue());
            }
            try
            {
                final RespTestClient c = new RespTestClient("127.0.0.1", port, TIMEOUT_MS);
                if (new StatusReply("PONG").equals(c.call("PING")))
                {
                    return c;
                }
                c.close();
            }
            catch (final IOException ex)
            {
                last = ex;
            }
            Thread.sleep(20);
        }
        throw new IOException("redis-server not ready within 10 s", last);
    }

    private static String redisVersion() throws IOException
    {
        final Object info = client.call("INFO", "server");
        final String text = new String((byte[])info, StandardCharsets.UTF_8);
        for (final String line : text.split("\r\n"))
        {
            if (line.startsWith("redis_version:"))
            {
                return line.substring("redis_version:".length());
            }
        }
        return "unknown";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The runner.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A plain test, so that a skip is reported with its reason (Surefire does not report an aborted factory).
     */
    @Test
    void shouldReachRedis70() throws Exception
    {
        Assumptions.assumeTrue(skipReason == null, skipReason);
        assertEquals(new StatusReply("PONG"), client.call("PING"));
        assertTrue(redisVersion().startsWith("7.0."), redisVersion());
    }

    @TestFactory
    Stream<DynamicTest> sameRepliesAsRedis()
    {
        Assumptions.assumeTrue(skipReason == null, skipReason);
        final List<Sequence> sequences = DifferentialCases.all();
        final int commands = sequences.stream().mapToInt(s -> s.lines.size()).sum();
        assertTrue(sequences.size() > 150 && commands > 2000,
            "expected hundreds of sequences and thousands of commands, got " + sequences.size() + " and " + commands);
        return sequences.stream().map(s -> DynamicTest.dynamicTest(s.name,
            () -> assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run(s))));
    }

    private static void run(final Sequence sequence) throws Exception
    {
        assertEquals(StatusReply.OK, client.call("FLUSHALL"));
        try (VigilStore vigil = VigilStore.start(
            StoreConfig.builder().threadingMode(StoreConfig.ThreadingMode.INVOKER).build()))
        {
            for (final String line : sequence.lines)
            {
                step(vigil, line);
            }
            compareKeyspaces(vigil, sequence);
        }
    }

    private static void step(final VigilStore vigil, final String line) throws Exception
    {
        if (line.startsWith("!sleep "))
        {
            Thread.sleep(Long.parseLong(line.substring(7).trim()));
            return;
        }
        final char mode = "~%?@".indexOf(line.charAt(0)) >= 0 ? line.charAt(0) : ' ';
        final byte[][] argv = tokenize(mode == ' ' ? line : line.substring(1));
        if (mode == '@')
        {
            fullScan(vigil, argv, line);
            return;
        }
        final Object expected = client.call(argv);
        final Object actual = vigil.execute(argv);
        final boolean same;
        switch (mode)
        {
            case '~':
                same = closeEnough(argv, expected, actual);
                break;
            case '%':
                same = expected instanceof Object[] && actual instanceof Object[] ?
                    asMultiset((Object[])expected).equals(asMultiset((Object[])actual)) :
                    deepEquals(expected, actual);
                break;
            case '?':
                same = expected == null ? actual == null :
                    actual instanceof byte[] && Long.valueOf(1).equals(vigil.execute(bytes("EXISTS"), (byte[])actual)) &&
                    Long.valueOf(1).equals(client.call(bytes("EXISTS"), (byte[])expected));
                break;
            default:
                same = deepEquals(expected, actual);
        }
        if (!same)
        {
            fail("reply differs for: " + line + "\n  redis: " + show(expected) + "\n  vigil: " + show(actual));
        }
    }

    private static boolean closeEnough(final byte[][] argv, final Object expected, final Object actual)
    {
        if (!(expected instanceof Long && actual instanceof Long))
        {
            return deepEquals(expected, actual);
        }
        final long e = (Long)expected;
        final long a = (Long)actual;
        if (e < 0 || a < 0)
        {
            return e == a;
        }
        final String name = new String(argv[0], StandardCharsets.US_ASCII).toLowerCase();
        final long tolerance = name.startsWith("p") ? MS_TOLERANCE : SECONDS_TOLERANCE;
        return Math.abs(e - a) <= tolerance;
    }

    private static void fullScan(final VigilStore vigil, final byte[][] argv, final String line) throws Exception
    {
        final Object redisKeys = scanAll(argv, client::call);
        final Object vigilKeys = scanAll(argv, vigil::execute);
        if (!redisKeys.equals(vigilKeys))
        {
            fail("full SCAN differs for: " + line + "\n  redis: " + redisKeys + "\n  vigil: " + vigilKeys);
        }
    }

    @FunctionalInterface
    private interface Caller
    {
        Object call(byte[][] argv) throws Exception;
    }

    /**
     * @return the set of keys a whole iteration returned, or the first reply if it was not a SCAN page.
     */
    private static Object scanAll(final byte[][] argv, final Caller caller) throws Exception
    {
        final byte[][] args = argv.clone();
        final Set<String> keys = new HashSet<>();
        byte[] cursor = args[1];
        for (int page = 0; page < 100_000; page++)
        {
            args[1] = cursor;
            final Object reply = caller.call(args);
            if (!(reply instanceof Object[]) || ((Object[])reply).length != 2)
            {
                return page == 0 ? show(reply) : "bad page " + show(reply);
            }
            final Object[] pageReply = (Object[])reply;
            for (final Object key : (Object[])pageReply[1])
            {
                keys.add(show(key));
            }
            cursor = (byte[])pageReply[0];
            if (Arrays.equals(cursor, bytes("0")))
            {
                return keys;
            }
        }
        return "SCAN did not finish within 100000 pages";
    }

    /**
     * After a sequence, both sides must hold the same keys with the same values and deadlines.
     */
    private static void compareKeyspaces(final VigilStore vigil, final Sequence sequence) throws Exception
    {
        final Object redisKeys = client.call("KEYS", "*");
        final Object vigilKeys = vigil.execute("KEYS", "*");
        final Map<String, Integer> expected = asMultiset((Object[])redisKeys);
        if (!expected.equals(asMultiset((Object[])vigilKeys)))
        {
            fail("keyspace differs after " + sequence.name + "\n  redis: " + expected.keySet() +
                "\n  vigil: " + asMultiset((Object[])vigilKeys).keySet());
        }
        for (final Object key : (Object[])redisKeys)
        {
            final byte[] k = (byte[])key;
            final Object redisValue = client.call(bytes("GET"), k);
            final Object vigilValue = vigil.execute(bytes("GET"), k);
            if (!deepEquals(redisValue, vigilValue))
            {
                fail("value of " + show(k) + " differs after " + sequence.name +
                    "\n  redis: " + show(redisValue) + "\n  vigil: " + show(vigilValue));
            }
            final byte[][] pexpiretime = { bytes("PEXPIRETIME"), k };
            final Object redisDeadline = client.call(pexpiretime);
            final Object vigilDeadline = vigil.execute(pexpiretime);
            if (!closeEnough(pexpiretime, redisDeadline, vigilDeadline))
            {
                fail("deadline of " + show(k) + " differs after " + sequence.name +
                    "\n  redis: " + show(redisDeadline) + "\n  vigil: " + show(vigilDeadline));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Values.
    // ---------------------------------------------------------------------------------------------------------------

    static boolean deepEquals(final Object a, final Object b)
    {
        if (a instanceof byte[] && b instanceof byte[])
        {
            return Arrays.equals((byte[])a, (byte[])b);
        }
        if (a instanceof Object[] && b instanceof Object[])
        {
            final Object[] x = (Object[])a;
            final Object[] y = (Object[])b;
            if (x.length != y.length)
            {
                return false;
            }
            for (int i = 0; i < x.length; i++)
            {
                if (!deepEquals(x[i], y[i]))
                {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : b != null && a.getClass() == b.getClass() && a.equals(b);
    }

    private static Map<String, Integer> asMultiset(final Object[] items)
    {
        final Map<String, Integer> counts = new HashMap<>();
        for (final Object item : items)
        {
            counts.merge(show(item), 1, Integer::sum);
        }
        return counts;
    }

    static String show(final Object reply)
    {
        if (reply == null)
        {
            return "(nil)";
        }
        if (reply instanceof byte[])
        {
            final byte[] value = (byte[])reply;
            final StringBuilder s = new StringBuilder("\"");
            for (int i = 0; i < Math.min(value.length, 300); i++)
            {
                final byte b = value[i];
                final int c = b & 0xFF;
                if (c == '"' || c == '\\')
                {
                    s.append('\\').append((char)c);
                }
                else if (c >= 0x20 && c < 0x7F)
                {
                    s.append((char)c);
                }
                else
                {
                    s.append(String.format("\\x%02x", c));
                }
            }
            return s.append(value.length > 300 ? "...(" + value.length + " bytes)\"" : "\"").toString();
        }
        if (reply instanceof Object[])
        {
            final List<String> items = new ArrayList<>();
            for (final Object item : (Object[])reply)
            {
                items.add(show(item));
            }
            return items.toString();
        }
        if (reply instanceof ErrorReply)
        {
            return "(error) " + reply;
        }
        if (reply instanceof StatusReply)
        {
            return "(status) " + reply;
        }
        return "(" + reply.getClass().getSimpleName() + ") " + reply;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Split a command line into arguments, as described in the class comment.
     */
    static byte[][] tokenize(final String line)
    {
        final List<byte[]> args = new ArrayList<>();
        int i = 0;
        final int n = line.length();
        while (i < n)
        {
            final char c = line.charAt(i);
            if (c == ' ')
            {
                i++;
                continue;
            }
            final ByteArrayOutputStream arg = new ByteArrayOutputStream();
            if (c == '"')
            {
                i++;
                while (true)
                {
                    if (i >= n)
                    {
                        throw new IllegalArgumentException("unterminated quote in: " + line);
                    }
                    final char q = line.charAt(i);
                    if (q == '"')
                    {
                        i++;
                        break;
                    }
                    if (q == '\\')
                    {
                        final char e = line.charAt(i + 1);
                        switch (e)
                        {
                            case 'x':
                                arg.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                                i += 4;
                                continue;
                            case 'r':
                                arg.write('\r');
                                break;
                            case 'n':
                                arg.write('\n');
                                break;
                            case 't':
                                arg.write('\t');
                                break;
                            case '"':
                            case '\\':
                                arg.write(e);
                                break;
                            default:
                                throw new IllegalArgumentException("bad escape in: " + line);
                        }
                        i += 2;
                        continue;
                    }
                    final int end = Character.charCount(line.codePointAt(i));
                    arg.writeBytes(line.substring(i, i + end).getBytes(StandardCharsets.UTF_8));
                    i += end;
                }
            }
            else
            {
                final int end = line.indexOf(' ', i) < 0 ? n : line.indexOf(' ', i);
                arg.writeBytes(line.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
            args.add(arg.toByteArray());
        }
        return args.toArray(new byte[0][]);
    }

    /**
     * A named list of command lines.
     */
    static final class Sequence
    {
        final String name;
        final List<String> lines;

        Sequence(final String name, final List<String> lines)
        {
            this.name = name;
            this.lines = lines;
        }
    }

    /**
     * Parse blank-line separated sequences; a {@code #} line names the sequence it starts.
     */
    static List<Sequence> parse(final String text)
    {
        final List<Sequence> sequences = new ArrayList<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        for (final String raw : (text + "\n\n").split("\n", -1))
        {
            final String line = raw.strip();
            if (line.isEmpty())
            {
                if (!lines.isEmpty())
                {
                    sequences.add(new Sequence((name == null ? lines.get(0) : name), lines));
                }
                name = null;
                lines = new ArrayList<>();
            }
            else if (line.startsWith("#"))
            {
                name = line.substring(1).strip();
            }
            else
            {
                lines.add(line);
            }
        }
        return sequences;
    }
}

package io.vigil.core;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store for command tests: the writer runs inline on the calling thread (INVOKER mode) and the clock only moves
 * when the test says so, so every reply, deadline and log byte is deterministic. Not threadsafe.
 */
final class CommandFixture implements AutoCloseable
{
    /** 2023-11-14T22:13:20Z. */
    static final long START_MS = 1_700_000_000_000L;

    final AtomicLong clock = new AtomicLong(START_MS);
    final VigilStore store;

    CommandFixture()
    {
        store = VigilStore.start(StoreConfig.builder()
            .threadingMode(StoreConfig.ThreadingMode.INVOKER)
            .clock(clock::get)
            .build());
    }

    public void close()
    {
        store.close();
    }

    long now()
    {
        return clock.get();
    }

    void advance(final long ms)
    {
        clock.addAndGet(ms);
    }

    Object exec(final String... args)
    {
        return store.execute(args);
    }

    Object exec(final byte[]... args)
    {
        return store.execute(args);
    }

    static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ErrorReply err(final String message)
    {
        return new ErrorReply(message);
    }

    /**
     * Assert a bulk string reply.
     */
    static void assertBulk(final String expected, final Object reply)
    {
        assertBulk(b(expected), reply);
    }

    static void assertBulk(final byte[] expected, final Object reply)
    {
        assertInstanceOf(byte[].class, reply, () -> "expected a bulk string but got " + RedisDifferentialTest.show(reply));
        assertEquals(RedisDifferentialTest.show(expected), RedisDifferentialTest.show(reply));
    }

    /**
     * Assert an array of bulk strings, in order; null items are nil.
     */
    static void assertArray(final Object reply, final String... expected)
    {
        assertInstanceOf(Object[].class, reply, () -> "expected an array but got " + RedisDifferentialTest.show(reply));
        final Object[] items = (Object[])reply;
        final List<String> actual = new ArrayList<>();
        for (final Object item : items)
        {
            actual.add(item == null ? null : new String((byte[])item, StandardCharsets.UTF_8));
        }
        assertEquals(Arrays.asList(expected), actual);
    }

    /**
     * @return the items of an array of bulk strings as a set of UTF-8 strings.
     */
    static Set<String> asSet(final Object reply)
    {
        assertInstanceOf(Object[].class, reply, () -> "expected an array but got " + RedisDifferentialTest.show(reply));
        final Set<String> set = new HashSet<>();
        for (final Object item : (Object[])reply)
        {
            set.add(new String((byte[])item, StandardCharsets.UTF_8));
        }
        return set;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Keyspace and log.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @return every stored entry, including ones past their deadline, as "value @deadline" by key.
     */
    TreeMap<String, String> snapshot()
    {
        final TreeMap<String, String> entries = new TreeMap<>();
        store.keyspace().forEach(e -> entries.put(
            RedisDifferentialTest.show(e.key()),
            RedisDifferentialTest.show(e.value()) + " @" + e.expireAtMs()));
        return entries;
    }

    long logOffset()
    {
        return store.replicationOffset();
    }

    /**
     * @return the commands the replication log holds from {@code offset} on, each as its arguments.
     */
    List<List<String>> effectsSince(final long offset)
    {
        final int length = (int)(store.replicationOffset() - offset);
        final byte[] bytes = new byte[length];
        assertEquals(length, store.log().read(offset, new UnsafeBuffer(bytes), 0, length));
        final List<List<String>> commands = new ArrayList<>();
        final int[] at = { 0 };
        while (at[0] < length)
        {
            assertEquals('*', bytes[at[0]++]);
            final int count = Integer.parseInt(line(bytes, at));
            final List<String> args = new ArrayList<>();
            for (int i = 0; i < count; i++)
            {
                assertEquals('$', bytes[at[0]++]);
                final int size = Integer.parseInt(line(bytes, at));
                args.add(new String(bytes, at[0], size, StandardCharsets.UTF_8));
                at[0] += size + 2;
            }
            commands.add(args);
        }
        return commands;
    }

    private static String line(final byte[] bytes, final int[] at)
    {
        final int start = at[0];
        while (bytes[at[0]] != '\r')
        {
            at[0]++;
        }
        final String s = new String(bytes, start, at[0] - start, StandardCharsets.US_ASCII);
        at[0] += 2;
        return s;
    }

    /**
     * @return the effects since {@code offset} without the stream's leading SELECT.
     */
    List<List<String>> writesSince(final long offset)
    {
        final List<List<String>> effects = effectsSince(offset);
        if (!effects.isEmpty() && effects.get(0).equals(List.of("SELECT", "0")))
        {
            effects.remove(0);
        }
        return effects;
    }

    /**
     * Run a command that must fail and assert that it changed neither the keyspace nor the replication log.
     *
     * @return the error.
     */
    ErrorReply assertRejectedWithoutChange(final String expectedError, final String... command)
    {
        return assertRejectedWithoutChange(expectedError, utf8(command));
    }

    ErrorReply assertRejectedWithoutChange(final String expectedError, final byte[]... command)
    {
        final TreeMap<String, String> before = snapshot();
        final long offset = logOffset();
        final Object reply = exec(command);
        assertNotNull(reply);
        assertEquals(err(expectedError), reply);
        assertEquals(before, snapshot(), "the keyspace changed");
        assertEquals(offset, logOffset(), "the replication log grew");
        assertTrue(writesSince(offset).isEmpty());
        return (ErrorReply)reply;
    }

    static byte[][] utf8(final String... args)
    {
        final byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++)
        {
            bytes[i] = b(args[i]);
        }
        return bytes;
    }
}

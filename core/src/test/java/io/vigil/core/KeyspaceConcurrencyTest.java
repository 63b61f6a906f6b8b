package io.vigil.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readers on several threads against one writer that inserts, overwrites and deletes while the table grows and
 * shrinks. Checks that no reader ever sees a torn entry, misses a key that is present throughout, or sees a key
 * after its delete was acknowledged. A collector thread runs the garbage collector every few milliseconds meanwhile,
 * so the writer keeps replacing table chunks by copies while readers hold the old ones.
 */
class KeyspaceConcurrencyTest
{
    private static final int STABLE_KEYS = 2_000;
    private static final int DELETED_KEYS = 50_000;
    private static final int READERS = 3;

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldNeverTearLoseOrResurrectKeysUnderConcurrentWritesDeletesAndResizes() throws Exception
    {
        final Keyspace keyspace = new Keyspace(Keyspace.MIN_CAPACITY, true); // copies chunks under any collector
        for (int i = 0; i < STABLE_KEYS; i++)
        {
            final byte[] key = b("stable:" + i);
            keyspace.put(key, Keyspace.hash(key), b("stable:" + i + "=0"), Entry.NO_EXPIRY, 0);
        }
        for (int i = 0; i < DELETED_KEYS; i++)
        {
            final byte[] key = b("doomed:" + i);
            keyspace.put(key, Keyspace.hash(key), b("doomed:" + i + "=0"), Entry.NO_EXPIRY, 0);
        }

        final AtomicLong deletedUpTo = new AtomicLong(-1);
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong reads = new AtomicLong();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        final AtomicBoolean stopCollector = new AtomicBoolean();
        final Thread collector = collector(stopCollector);
        final List<Thread> readers = new ArrayList<>();
        final AtomicBoolean writerDone = new AtomicBoolean();

        for (int r = 0; r < READERS; r++)
        {
            final Thread reader = new Thread(() ->
            {
                final ThreadLocalRandom random = ThreadLocalRandom.current();
                long n = 0;
                while (failure.get() == null && !writerDone.get() && System.nanoTime() < deadline)
                {
                    final int i = random.nextInt(STABLE_KEYS);
                    final String prefix = "stable:" + i + "=";
                    final Entry e = keyspace.get(b("stable:" + i));
                    if (e == null)
                    {
                        failure.compareAndSet(null, "lost stable:" + i);
                    }
                    else if (!new String(e.value(), StandardCharsets.UTF_8).startsWith(prefix))
                    {
                        failure.compareAndSet(null, "torn stable:" + i + " -> " + new String(e.value()));
                    }

                    final long d = deletedUpTo.get();
                    if (d >= 0)
                    {
                        final int j = random.nextInt((int)d + 1);
                        if (keyspace.get(b("doomed:" + j)) != null)
                        {
                            failure.compareAndSet(null, "doomed:" + j + " seen after delete acknowledged up to " + d);
                        }
                    }
                    n++;
                }
                reads.addAndGet(n);
            }, "keyspace-reader-" + r);
            readers.add(reader);
            reader.start();
        }

        int version = 1;
        int churn = 0;
        int deleted = 0;
        while (failure.get() == null && System.nanoTime() < deadline && deleted < DELETED_KEYS)
        {
            for (int i = 0; i < 50; i++)
            {
                final int s = ThreadLocalRandom.current().nextInt(STABLE_KEYS);
                final byte[] key = b("stable:" + s);
                keyspace.put(key, Keyspace.hash(key), b("stable:" + s + "=" + version++), Entry.NO_EXPIRY, version);
            }
            for (int i = 0; i < 200; i++)
            {
                final byte[] key = b("churn:" + churn++);
                keyspace.put(key, Keyspace.hash(key), key, Entry.NO_EXPIRY, version);
            }
            for (int i = 0; i < 200 && churn > 0; i++)
            {
                final byte[] key = b("churn:" + ThreadLocalRandom.current().nextInt(churn));
                keyspace.remove(key, Keyspace.hash(key));
            }
            for (int i = 0; i < 20 && deleted < DELETED_KEYS; i++)
            {
                final byte[] key = b("doomed:" + deleted);
                assertTrue(keyspace.remove(key, Keyspace.hash(key)) != null);
                deletedUpTo.set(deleted++);
            }
        }
        writerDone.set(true);
        stopCollector.set(true);
        collector.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(!collector.isAlive(), "collector did not stop");
        for (final Thread reader : readers)
        {
            reader.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!reader.isAlive(), "reader did not stop");
        }
        assertNull(failure.get());
        assertTrue(keyspace.chunkCopies() > 0, "no chunk was copied while readers ran");
        assertTrue(reads.get() > 0);
        assertEquals(STABLE_KEYS, countPrefix(keyspace, "stable:"));
    }

    /**
     * A few keys in the smallest table, overwritten as fast as one writer can, so readers keep meeting slots that
     * change under them. Every key is present throughout, so a lookup must always find it, whole, a walk over the
     * table must deliver every key exactly once, and a SCAN must return every key at least once. Keys of 0 to 40 bytes
     * cover keys held wholly inside the entry's fields and keys longer than that.
     */
    @Test
    void shouldFindEveryKeyWhileItIsOverwrittenUnderReaders() throws Exception
    {
        final Keyspace keyspace = new Keyspace(Keyspace.MIN_CAPACITY, true); // copies chunks under any collector
        final byte[][] keys = new byte[6][];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = b(("h" + i + ":").repeat(i * 2));
            keyspace.put(keys[i], Keyspace.hash(keys[i]), value(keys[i], 0), Entry.NO_EXPIRY, 0);
        }
        final int capacity = keyspace.capacity();

        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicBoolean writerDone = new AtomicBoolean();
        final AtomicLong checks = new AtomicLong();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        final AtomicBoolean stopCollector = new AtomicBoolean();
        final Thread collector = collector(stopCollector);
        final List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++)
        {
            final int kind = r;
            final Thread reader = new Thread(() ->
            {
                long n = 0;
                while (failure.get() == null && !writerDone.get() && System.nanoTime() < deadline)
                {
                    final String problem = kind == 0 ? lookUpAll(keyspace, keys) :
                        kind == 1 ? walkAll(keyspace, keys) : scanAll(keyspace, keys);
                    if (problem != null)
                    {
                        failure.compareAndSet(null, problem);
                    }
                    n++;
                }
                checks.addAndGet(n);
            }, "keyspace-reader-" + r);
            readers.add(reader);
            reader.start();
        }

        long version = 1;
        while (failure.get() == null && System.nanoTime() < deadline)
        {
            for (int i = 0; i < 1_000; i++)
            {
                final byte[] key = keys[(int)(version % keys.length)];
                keyspace.put(key, Keyspace.hash(key), value(key, version), Entry.NO_EXPIRY, version);
                version++;
            }
        }
        writerDone.set(true);
        stopCollector.set(true);
        collector.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(!collector.isAlive(), "collector did not stop");
        for (final Thread reader : readers)
        {
            reader.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!reader.isAlive(), "reader did not stop");
        }
        assertNull(failure.get());
        assertTrue(keyspace.chunkCopies() > 0, "no chunk was copied while readers ran");
        assertTrue(checks.get() > 0);
        assertEquals(capacity, keyspace.capacity(), "overwrites alone must not resize the table");
        assertEquals(keys.length, keyspace.size());
    }

    private static byte[] value(final byte[] key, final long version)
    {
        return b(new String(key, StandardCharsets.UTF_8) + "=" + version);
    }

    private static String check(final byte[] key, final Entry e)
    {
        final String name = new String(key, StandardCharsets.UTF_8);
        if (e == null)
        {
            return "lost '" + name + "'";
        }
        final String value = new String(e.value(), StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(key, e.key()) || !value.startsWith(name + "="))
        {
            return "'" + name + "' found as '" + new String(e.key(), StandardCharsets.UTF_8) + "' -> " + value;
        }
        return null;
    }

    private static String lookUpAll(final Keyspace keyspace, final byte[][] keys)
    {
        for (final byte[] key : keys)
        {
            final String problem = check(key, keyspace.get(key));
            if (problem != null)
            {
                return problem;
            }
        }
        return null;
    }

    private static String walkAll(final Keyspace keyspace, final byte[][] keys)
    {
        final List<Entry> seen = new ArrayList<>();
        keyspace.forEach(seen::add);
        if (seen.size() != keys.length)
        {
            return "a walk delivered " + seen.size() + " entries for " + keys.length + " keys";
        }
        for (final byte[] key : keys)
        {
            Entry found = null;
            for (final Entry e : seen)
            {
                if (java.util.Arrays.equals(key, e.key()))
                {
                    found = e;
                }
            }
            final String problem = check(key, found);
            if (problem != null)
            {
                return "walk: " + problem;
            }
        }
        return null;
    }

    private static String scanAll(final Keyspace keyspace, final byte[][] keys)
    {
        final List<Entry> seen = new ArrayList<>();
        long cursor = 0;
        do
        {
            cursor = keyspace.scan(cursor, 2, seen::add);
        }
        while (cursor != 0);
        for (final byte[] key : keys)
        {
            Entry found = null;
            for (final Entry e : seen)
            {
                if (java.util.Arrays.equals(key, e.key()))
                {
                    found = e;
                    final String problem = check(key, e);
                    if (problem != null)
                    {
                        return "scan: " + problem;
                    }
                }
            }
            if (found == null)
            {
                return "scan missed '" + new String(key, StandardCharsets.UTF_8) + "'";
            }
        }
        return null;
    }

    /**
     * A thread that runs the collector every few milliseconds until stopped, so that the writer keeps replacing
     * chunks by copies while readers use them.
     */
    private static Thread collector(final AtomicBoolean stop)
    {
        final Thread collector = new Thread(() ->
        {
            while (!stop.get())
            {
                System.gc();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }, "collector");
        collector.start();
        return collector;
    }

    private static int countPrefix(final Keyspace keyspace, final String prefix)
    {
        final int[] count = new int[1];
        keyspace.forEach(e ->
        {
            if (new String(e.key(), StandardCharsets.UTF_8).startsWith(prefix))
            {
                count[0]++;
            }
        });
        return count[0];
    }
}

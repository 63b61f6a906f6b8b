package io.vigil.core;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicationLogTest
{
    private static String read(final ReplicationLog log, final long from, final int max)
    {
        final ExpandableArrayBuffer dst = new ExpandableArrayBuffer(max);
        final int n = log.read(from, dst, 0, max);
        assertTrue(n >= 0, "read returned " + n);
        return dst.getStringWithoutLengthAscii(0, n);
    }

    @Test
    void shouldEncodeEffectsWithSelectAtHead()
    {
        final ReplicationLog log = new ReplicationLog(0);
        log.appendSet("k".getBytes(), "v".getBytes(), 1234L);
        log.appendDel("k".getBytes());
        log.appendPexpireat("k".getBytes(), 99L);
        log.appendPersist("k".getBytes());
        log.appendFlushall();
        log.appendPing();
        log.publish();
        final String expected =
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n" +
            "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$4\r\nPXAT\r\n$4\r\n1234\r\n" +
            "*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n" +
            "*3\r\n$9\r\nPEXPIREAT\r\n$1\r\nk\r\n$2\r\n99\r\n" +
            "*2\r\n$7\r\nPERSIST\r\n$1\r\nk\r\n" +
            "*1\r\n$8\r\nFLUSHALL\r\n" +
            "*1\r\n$4\r\nPING\r\n";
        assertEquals(expected.length(), log.publishedPosition());
        assertEquals(expected, read(log, 0, 1024));
        assertEquals(expected.substring(10), read(log, 10, 1024));
    }

    @Test
    void shouldHideUnpublishedBytes()
    {
        final ReplicationLog log = new ReplicationLog(0);
        log.appendPing();
        assertEquals(0, log.publishedPosition());
        assertEquals("", read(log, 0, 100));
        assertEquals(ReplicationLog.OFFSET_AHEAD, log.read(1, new ExpandableArrayBuffer(), 0, 10));
        log.publish();
        assertTrue(log.publishedPosition() > 0);
    }

    @Test
    void shouldReportOffsetThatLeftTheRing()
    {
        final ReplicationLog log = new ReplicationLog(ReplicationLog.MIN_CAPACITY);
        final byte[] chunk = new byte[1000];
        for (int i = 0; i < 40; i++)
        {
            log.appendRaw(new UnsafeBuffer(chunk), 0, chunk.length);
        }
        log.publish();
        assertEquals(40_000, log.publishedPosition());
        assertEquals(40_000 - log.capacity(), log.startOffset());
        assertEquals(ReplicationLog.OFFSET_NOT_AVAILABLE, log.read(0, new ExpandableArrayBuffer(), 0, 10));
        assertEquals(10, log.read(log.startOffset(), new ExpandableArrayBuffer(), 0, 10));
    }

    @Test
    void shouldWrapAroundTheRingPreservingBytes()
    {
        final ReplicationLog log = new ReplicationLog(ReplicationLog.MIN_CAPACITY);
        final StringBuilder all = new StringBuilder();
        for (int i = 0; i < 3_000; i++)
        {
            final String s = "record-" + i + ";";
            all.append(s);
            log.appendRaw(new UnsafeBuffer(s.getBytes(StandardCharsets.US_ASCII)), 0, s.length());
        }
        log.publish();
        final long start = log.startOffset();
        assertEquals(all.substring((int)start), read(log, start, log.capacity()));
    }

    @Test
    void shouldEncodeSetsIdenticallyWhetherOrNotTheyWrapTheRing()
    {
        final ReplicationLog log = new ReplicationLog(ReplicationLog.MIN_CAPACITY);
        final StringBuilder all = new StringBuilder("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n");
        for (int i = 0; i < 2_000; i++)
        {
            final String key = "key:" + i;
            final String value = "v".repeat(i % 37);
            final long ttl = i % 5 == 0 ? 1_000_000L + i : Entry.NO_EXPIRY;
            log.appendSet(key.getBytes(StandardCharsets.US_ASCII), value.getBytes(StandardCharsets.US_ASCII), ttl);
            all.append("*").append(ttl == Entry.NO_EXPIRY ? 3 : 5).append("\r\n$3\r\nSET\r\n$").append(key.length())
                .append("\r\n").append(key).append("\r\n$").append(value.length()).append("\r\n").append(value)
                .append("\r\n");
            if (ttl != Entry.NO_EXPIRY)
            {
                final String t = Long.toString(ttl);
                all.append("$4\r\nPXAT\r\n$").append(t.length()).append("\r\n").append(t).append("\r\n");
            }
        }
        log.publish();
        assertEquals(all.length(), log.publishedPosition());
        final long start = log.startOffset();
        assertEquals(all.substring((int)start), read(log, start, log.capacity()));
    }

    @Test
    void shouldEncodeSetsOfEveryLengthLineWidthWithoutTouchingTheBytesAfterThem()
    {
        // Each SET is checked on its own, then the whole ring: the bytes after the effect just written are the
        // oldest the ring holds, so a store past the effect would show there.
        final int[] lengths = { 0, 1, 2, 3, 5, 7, 8, 9, 10, 11, 15, 16, 17, 99, 100, 101, 998, 999, 1000, 1001, 10_000 };
        final ReplicationLog log = new ReplicationLog(64 * 1024);
        final StringBuilder all = new StringBuilder();
        // Fill the ring once first, so the bytes after even the first SET are old bytes that must stay as they were.
        while (all.length() <= log.capacity())
        {
            final String filler = "filler-" + all.length() + ";";
            all.append(filler);
            log.appendRaw(new UnsafeBuffer(filler.getBytes(StandardCharsets.US_ASCII)), 0, filler.length());
        }
        // appendRaw, as a replica's stream, counts as having named the database: no SELECT follows.
        int n = 0;
        for (final int keyLength : lengths)
        {
            for (final int valueLength : lengths)
            {
                final String key = pattern('k', keyLength, n);
                final String value = pattern('v', valueLength, n++);
                final long before = log.position();
                log.appendSet(key.getBytes(StandardCharsets.US_ASCII), value.getBytes(StandardCharsets.US_ASCII),
                    Entry.NO_EXPIRY);
                log.publish();
                final String effect = "*3\r\n$3\r\nSET\r\n$" + keyLength + "\r\n" + key + "\r\n$" + valueLength + "\r\n" +
                    value + "\r\n";
                all.append(effect);
                assertEquals(all.length(), log.publishedPosition());
                final int from = (int)Math.max(before, log.startOffset());
                assertEquals(all.substring(from), read(log, from, all.length() - from),
                    "key length " + keyLength + ", value length " + valueLength);
                final long start = log.startOffset();
                assertEquals(all.substring((int)start), read(log, start, log.capacity()));
            }
        }
    }

    private static String pattern(final char first, final int length, final int seed)
    {
        final StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            b.append(i == 0 ? first : (char)('a' + (seed + i) % 26));
        }
        return b.toString();
    }

    @Test
    void shouldStartOverAtMasterOffsetOnReset()
    {
        final ReplicationLog log = new ReplicationLog(0);
        log.appendPing();
        log.publish();
        final String id = ReplicationLog.newReplicationId();
        log.reset(id, 5_000);
        assertEquals(5_000, log.publishedPosition());
        assertEquals(5_000, log.startOffset());
        assertEquals(id, log.replicationId());
        assertEquals(ReplicationLog.OFFSET_NOT_AVAILABLE, log.read(4_999, new ExpandableArrayBuffer(), 0, 10));
        log.appendPing();
        log.publish();
        assertTrue(read(log, 5_000, 100).startsWith("*2\r\n$6\r\nSELECT"));
    }

    @Test
    void shouldShiftReplicationIdOnPromotion()
    {
        final ReplicationLog log = new ReplicationLog(0);
        final String before = log.replicationId();
        assertEquals(40, before.length());
        assertTrue(before.matches("[0-9a-f]{40}"));
        assertEquals("0000000000000000000000000000000000000000", log.replicationId2());
        assertEquals(-1, log.secondReplicationOffset());
        log.appendPing();
        log.publish();
        log.shiftReplicationId();
        assertEquals(before, log.replicationId2());
        assertEquals(log.publishedPosition() + 1, log.secondReplicationOffset());
        assertNotEquals(before, log.replicationId());
    }

    @Test
    void shouldNeverHandReadersOverwrittenBytes() throws Exception
    {
        final ReplicationLog log = new ReplicationLog(ReplicationLog.MIN_CAPACITY);
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicLong validReads = new AtomicLong();
        final AtomicLong refusedReads = new AtomicLong();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();

        final Thread reader = new Thread(() ->
        {
            final ExpandableArrayBuffer dst = new ExpandableArrayBuffer(4096);
            while (!done.get() && failure.get() == null)
            {
                final long published = log.publishedPosition();
                final long lag = ThreadLocalRandom.current().nextLong(log.capacity() + 100L);
                final long from = Math.max(0, published - lag);
                final int n = log.read(from, dst, 0, 4096);
                if (n == ReplicationLog.OFFSET_NOT_AVAILABLE)
                {
                    refusedReads.incrementAndGet();
                    continue;
                }
                for (int i = 0; i < n; i++)
                {
                    if (dst.getByte(i) != byteAt(from + i))
                    {
                        failure.compareAndSet(null, "torn byte at offset " + (from + i));
                        break;
                    }
                }
                validReads.incrementAndGet();
            }
        }, "log-reader");
        reader.start();

        final UnsafeBuffer chunk = new UnsafeBuffer(new byte[997]);
        long position = 0;
        while (System.nanoTime() < deadline && failure.get() == null)
        {
            for (int i = 0; i < chunk.capacity(); i++)
            {
                chunk.putByte(i, byteAt(position + i));
            }
            log.appendRaw(chunk, 0, chunk.capacity());
            position += chunk.capacity();
            log.publish();
        }
        done.set(true);
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(!reader.isAlive());
        assertNull(failure.get());
        assertTrue(validReads.get() > 0);
    }

    private static byte byteAt(final long offset)
    {
        return (byte)(offset * 31 + (offset >>> 8));
    }

    /**
     * A mutation reserves the log's room for its effect before it changes the keyspace, so that logging the change
     * afterwards cannot run out of memory between the two. After {@code reserve}, appending an effect of that size
     * allocates nothing; without it, the same append allocates a buffer for the whole effect.
     */
    @Test
    void shouldAppendWithoutAllocatingOnceRoomIsReserved()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final byte[] key = "big".getBytes(StandardCharsets.UTF_8);
        final byte[] value = new byte[8 << 20];

        final ReplicationLog unreserved = new ReplicationLog(1 << 20);
        long before = threads.getThreadAllocatedBytes(thread);
        unreserved.appendSet(key, value, 1_700_000_000_000L);
        final long allocatedUnreserved = threads.getThreadAllocatedBytes(thread) - before;

        final ReplicationLog reserved = new ReplicationLog(1 << 20);
        reserved.reserve(key.length + value.length);
        before = threads.getThreadAllocatedBytes(thread);
        reserved.appendSet(key, value, 1_700_000_000_000L);
        final long allocatedReserved = threads.getThreadAllocatedBytes(thread) - before;

        assertTrue(allocatedUnreserved >= value.length, "without a reservation: " + allocatedUnreserved);
        assertTrue(allocatedReserved < 64 * 1024, "after a reservation: " + allocatedReserved);
        assertEquals(unreserved.position(), reserved.position());
    }
}

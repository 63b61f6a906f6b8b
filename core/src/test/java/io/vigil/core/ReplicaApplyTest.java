package io.vigil.core;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaApplyTest
{
    private static void feed(final VigilStore replica, final byte[] stream, final Random random) throws Exception
    {
        CompletableFuture<Object> last = CompletableFuture.completedFuture(null);
        int i = 0;
        while (i < stream.length)
        {
            final int piece = Math.min(stream.length - i, 1 + random.nextInt(40));
            last = replica.applyStream(stream, i, piece);
            i += piece;
        }
        last.get(10, TimeUnit.SECONDS);
    }

    private static Snapshot fullSync(final VigilStore master, final VigilStore replica) throws Exception
    {
        final ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        final Snapshot taken = master.writeSnapshot(rdb);
        final Snapshot loaded = replica.loadSnapshot(new ByteArrayInputStream(rdb.toByteArray()));
        assertEquals(taken.offset(), loaded.offset());
        assertEquals(taken.replicationId(), loaded.replicationId());
        return taken;
    }

    @Test
    void shouldReachIdenticalContentsAndOffsetsFromMasterStreamSplitAnywhere() throws Exception
    {
        try (VigilStore master = VigilStore.start(StoreConfig.defaults());
            VigilStore replica = VigilStore.start(StoreConfig.builder().replica(true).build()))
        {
            master.set("before", "snapshot");
            final Snapshot snapshot = fullSync(master, replica);

            master.execute("SET", "a", "1");
            master.execute("SET", "ttl", "x", "PX", "100000");
            master.execute("INCR", "a");
            master.execute("INCRBYFLOAT", "f", "1.5");
            master.execute("APPEND", "ttl", "y");
            master.execute("EXPIRE", "a", "1000");
            master.execute("PERSIST", "a");
            master.execute("RENAME", "ttl", "moved");
            master.execute("MSET", "m1", "v1", "m2", "v2");
            master.execute("DEL", "m1");
            master.execute("SETRANGE", "bin", "3", "\u0000\r\n");
            master.execute("GETEX", "m2", "PXAT", Long.toString(System.currentTimeMillis() + 500_000));
            master.execute("FLUSHALL");
            master.execute("SET", "after", "flush");
            for (int i = 0; i < 200; i++)
            {
                master.execute("SET", "k" + i, "v" + i, "EX", "1000");
            }

            feed(replica, StoreState.logBytes(master, snapshot.offset()), new Random(7));

            assertEquals(master.replicationOffset(), replica.replicationOffset());
            assertEquals(master.log().replicationId(), replica.log().replicationId());
            StoreState.assertSame(master, replica);
            assertEquals("flush", replica.get("after"));
        }
    }

    @Test
    void shouldTakeFuzzySnapshotUnderConcurrentWritesThenReplayToExactMasterState() throws Exception
    {
        try (VigilStore master = VigilStore.start(StoreConfig.builder().backlogSize(64 << 20).build());
            VigilStore replica = VigilStore.start(StoreConfig.builder().replica(true).build()))
        {
            for (int i = 0; i < 20_000; i++)
            {
                master.executeAsync("SET", "k" + i, "initial" + i);
            }
            master.execute("DBSIZE");

            final AtomicLong writes = new AtomicLong();
            final Thread writer = new Thread(() ->
            {
                final Random random = new Random(11);
                final List<CompletableFuture<Object>> inFlight = new ArrayList<>();
                for (int i = 0; i < 60_000; i++)
                {
                    final String key = "k" + random.nextInt(30_000);
                    switch (random.nextInt(5))
                    {
                        case 0 -> inFlight.add(master.executeAsync("DEL", key));
                        case 1 -> inFlight.add(master.executeAsync("INCR", "counter" + random.nextInt(50)));
                        case 2 -> inFlight.add(master.executeAsync("EXPIRE", key, "5000"));
                        default -> inFlight.add(master.executeAsync("SET", key, "w" + i));
                    }
                    writes.incrementAndGet();
                    if (inFlight.size() == 1000)
                    {
                        inFlight.get(999).join();
                        inFlight.clear();
                    }
                }
                inFlight.forEach(CompletableFuture::join);
            }, "snapshot-writer");
            writer.start();

            while (writes.get() < 5_000 && writer.isAlive())
            {
                Thread.onSpinWait();
            }
            final ByteArrayOutputStream rdb = new ByteArrayOutputStream();
            final Snapshot snapshot = master.writeSnapshot(rdb);
            writer.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(writer.isAlive());
            assertTrue(snapshot.offset() > 0);

            replica.loadSnapshot(new ByteArrayInputStream(rdb.toByteArray()));
            feed(replica, StoreState.logBytes(master, snapshot.offset()), new Random(3));

            assertEquals(master.replicationOffset(), replica.replicationOffset());
            StoreState.assertSame(master, replica);
        }
    }

    @Test
    void shouldNeverExpireOnItsOwnButApplyMasterDel() throws Exception
    {
        final AtomicLong now = new AtomicLong(1_000_000L);
        try (VigilStore master = VigilStore.start(StoreConfig.builder().clock(now::get)
                .threadingMode(StoreConfig.ThreadingMode.INVOKER).build());
            VigilStore replica = VigilStore.start(StoreConfig.builder().clock(now::get).replica(true)
                .threadingMode(StoreConfig.ThreadingMode.INVOKER).build()))
        {
            final long start = master.replicationOffset();
            master.execute("SET", "k", "v", "PX", "100");
            replica.applyStream(StoreState.logBytes(master, start), 0, (int)(master.replicationOffset() - start));
            while (replica.replicationOffset() < master.replicationOffset())
            {
                replica.invoker().invoke();
            }
            assertEquals("v", replica.get("k"));

            now.addAndGet(1_000);
            for (int i = 0; i < 10; i++)
            {
                replica.invoker().invoke();
            }
            assertNull(replica.get("k"), "hidden once past its deadline");
            assertEquals(-2L, replica.execute("PTTL", "k"));
            assertEquals(1L, replica.dbSize(), "but not deleted by the replica");

            final long beforeExpiry = master.replicationOffset();
            for (int i = 0; i < 10; i++)
            {
                master.invoker().invoke();
            }
            assertEquals(0L, master.dbSize());
            final byte[] del = StoreState.logBytes(master, beforeExpiry);
            assertArrayEquals("*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n".getBytes(), del);
            replica.applyStream(del, 0, del.length);
            while (replica.replicationOffset() < master.replicationOffset())
            {
                replica.invoker().invoke();
            }
            assertEquals(0L, replica.dbSize());
        }
    }

    @Test
    void shouldShiftReplicationIdAndAcceptWritesOnPromotion() throws Exception
    {
        try (VigilStore master = VigilStore.start(StoreConfig.defaults());
            VigilStore replica = VigilStore.start(StoreConfig.builder().replica(true).build()))
        {
            final Snapshot snapshot = fullSync(master, replica);
            master.set("x", "1");
            feed(replica, StoreState.logBytes(master, snapshot.offset()), new Random(1));
            assertThrows(VigilException.class, () -> replica.set("y", "2"));

            final String oldId = master.log().replicationId();
            final long offset = replica.replicationOffset();
            replica.promote();

            assertFalse(replica.isReplica());
            assertEquals(oldId, replica.log().replicationId2());
            assertEquals(offset + 1, replica.log().secondReplicationOffset());
            replica.set("y", "2");
            assertEquals("2", replica.get("y"));
            assertTrue(replica.awaitOffset(offset + 1, Duration.ofSeconds(1)));
        }
    }

    @Test
    void shouldRejectMalformedStreamWithoutChangingState() throws Exception
    {
        try (VigilStore replica = VigilStore.start(StoreConfig.builder().replica(true).build()))
        {
            final byte[] good = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n".getBytes();
            replica.applyStream(good, 0, good.length).get(5, TimeUnit.SECONDS);
            final long offset = replica.replicationOffset();

            final byte[] bad = "*1\r\n$x\r\n".getBytes();
            final CompletableFuture<Object> failed = replica.applyStream(bad, 0, bad.length);
            final Exception ex = assertThrows(Exception.class, () -> failed.get(5, TimeUnit.SECONDS));
            assertTrue(ex.getCause().getMessage().contains("Protocol error"), ex.getCause().getMessage());
            assertEquals(offset, replica.replicationOffset());
            assertEquals("1", replica.get("a"));

            replica.applyStream(good, 0, good.length).get(5, TimeUnit.SECONDS);
            assertEquals(offset + good.length, replica.replicationOffset());
        }
    }
}

package io.vigil.examples;

import io.vigil.core.Snapshot;
import io.vigil.core.StoreConfig;
import io.vigil.core.VigilException;
import io.vigil.core.VigilStore;
import org.agrona.ExpandableArrayBuffer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Vigil embedded in one process: a master store takes writes, a replica store is brought up from a snapshot plus the
 * master's replication log, reads are served in-process from both, and the replica is promoted. Prints each step.
 */
public final class EmbeddedStoreExample
{
    private EmbeddedStoreExample()
    {
    }

    /**
     * @param args unused.
     * @throws Exception if a step fails.
     */
    public static void main(final String[] args) throws Exception
    {
        // The backlog must hold every byte written between the snapshot and the replica catching up.
        try (VigilStore master = VigilStore.start(StoreConfig.builder().backlogSize(16 * 1024 * 1024).build());
            VigilStore replica = VigilStore.start(StoreConfig.builder().replica(true).build()))
        {
            master.set("user:1", "alice");
            master.set("session:1", "token", Duration.ofMinutes(30));
            final long visits = master.incr("visits");
            System.out.printf("master: SET user:1 alice, SET session:1 token PX 1800000, INCR visits -> %d%n", visits);
            System.out.printf("master: GET user:1 -> %s (read in-process, lock-free)%n", master.get("user:1"));
            System.out.printf("master: PTTL session:1 -> %d ms%n", master.pttl("session:1"));

            final ByteArrayOutputStream rdb = new ByteArrayOutputStream();
            final Snapshot snapshot = master.writeSnapshot(rdb);
            System.out.printf("master: snapshot of %d keys, %d bytes of RDB, at offset %d%n",
                snapshot.keys(), snapshot.bytes(), snapshot.offset());

            final int writes = 100_000;
            final long start = System.nanoTime();
            CompletableFuture<Object> last = null;
            for (int i = 0; i < writes; i++)
            {
                last = master.executeAsync("SET", "item:" + i, "value-" + i);
            }
            last.get(30, TimeUnit.SECONDS);
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf("master: %,d asynchronous SETs applied in %d ms; master_repl_offset=%d%n",
                writes, elapsedMs, master.replicationOffset());

            replica.loadSnapshot(new ByteArrayInputStream(rdb.toByteArray()));
            streamLog(master, replica, snapshot.offset());
            System.out.printf("replica: loaded the snapshot, applied the log; offset %d (master %d), %d keys (master %d)%n",
                replica.replicationOffset(), master.replicationOffset(), replica.dbSize(), master.dbSize());
            System.out.printf("replica: GET user:1 -> %s, GET item:99999 -> %s%n",
                replica.get("user:1"), replica.get("item:99999"));

            try
            {
                replica.set("user:2", "bob");
            }
            catch (final VigilException ex)
            {
                System.out.printf("replica: SET user:2 bob -> (error) %s%n", ex.getMessage());
            }

            replica.promote();
            replica.set("user:2", "bob");
            System.out.printf("replica promoted: master_replid=%s master_replid2=%s second_repl_offset=%d%n",
                replica.log().replicationId(), replica.log().replicationId2(),
                replica.log().secondReplicationOffset());
            System.out.printf("new master: GET user:2 -> %s%n", replica.get("user:2"));
        }
    }

    private static void streamLog(final VigilStore master, final VigilStore replica, final long from)
        throws IOException, InterruptedException
    {
        final ExpandableArrayBuffer chunk = new ExpandableArrayBuffer(64 * 1024);
        final int head = master.log().read(from, chunk, 0, 48);
        System.out.printf("replica: the stream from offset %d begins %s...%n", from,
            new String(chunk.byteArray(), 0, Math.max(0, head), StandardCharsets.US_ASCII).replace("\r\n", "\\r\\n"));
        long offset = from;
        while (offset < master.replicationOffset())
        {
            final int n = master.log().read(offset, chunk, 0, 64 * 1024);
            if (n < 0)
            {
                throw new IOException("offset " + offset + " is no longer in the master's backlog");
            }
            replica.applyStream(chunk.byteArray(), 0, n);
            offset += n;
        }
        if (!replica.awaitOffset(offset, Duration.ofSeconds(10)))
        {
            throw new IOException("replica did not reach offset " + offset);
        }
        System.out.printf("replica: received %d bytes of replication stream%n", offset - from);
    }
}

package io.vigil.core;

import io.vigil.core.rdb.LocalRedisServer;
import io.vigil.core.rdb.RedisBinaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot of a running store loads in Debian's redis-server with every key, value and deadline, and an RDB that
 * redis-server saved loads back into a store.
 */
class SnapshotInteropTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteSnapshotThatRedisServerLoadsWithValuesAndTtls() throws Exception
    {
        final Path[] bin = RedisBinaries.require("redis-server", "redis-cli", "redis-check-rdb");
        final long now = System.currentTimeMillis();
        try (VigilStore store = VigilStore.start(StoreConfig.defaults()))
        {
            for (int i = 0; i < 1_000; i++)
            {
                store.execute("SET", "key:" + i, "value:" + i);
            }
            store.execute("SET", "ttl", "soon", "PXAT", Long.toString(now + 3_600_000));
            store.execute("INCRBY", "counter", "41");
            store.execute("INCR", "counter");
            store.execute("DEL", "key:7");

            final Path file = dir.resolve("vigil.rdb");
            final Snapshot snapshot;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file)))
            {
                snapshot = store.writeSnapshot(out);
            }
            assertEquals(1_001L, snapshot.keys());

            final Process check = new ProcessBuilder(bin[2].toString(), file.toString()).redirectErrorStream(true).start();
            final String checkOutput;
            try (InputStream in = check.getInputStream())
            {
                checkOutput = new String(in.readAllBytes());
            }
            assertTrue(check.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, check.exitValue(), checkOutput);

            try (LocalRedisServer redis = LocalRedisServer.start(bin[0], bin[1], dir, "vigil.rdb"))
            {
                assertEquals("1001", redis.cliText("dbsize"), redis.log());
                assertEquals("value:999", redis.cliText("get", "key:999"));
                assertEquals("", redis.cliText("get", "key:7"));
                assertEquals("42", redis.cliText("get", "counter"));
                assertEquals(Long.toString(now + 3_600_000), redis.cliText("pexpiretime", "ttl"));
                assertEquals("-1", redis.cliText("pttl", "counter"));
                final String info = redis.cliText("info", "replication");
                assertTrue(info.contains("master_replid2:" + snapshot.replicationId()), info);
                assertTrue(info.contains("master_repl_offset:" + snapshot.offset()), info);

                redis.cliText("set", "from-redis", "hello");
                redis.cliText("set", "from-redis-ttl", "x", "px", "7200000");
                redis.cliText("save");
            }
        }

        try (VigilStore loaded = VigilStore.start(StoreConfig.builder().replica(true).build());
            InputStream in = Files.newInputStream(dir.resolve("vigil.rdb")))
        {
            final Snapshot snapshot = loaded.loadSnapshot(in);
            assertEquals(1_003L, snapshot.keys());
            assertEquals("hello", loaded.get("from-redis"));
            assertEquals("42", loaded.get("counter"));
            final long pttl = (Long)loaded.execute("PTTL", "from-redis-ttl");
            assertTrue(pttl > 7_000_000 && pttl <= 7_200_000, "pttl " + pttl);
        }
    }
}

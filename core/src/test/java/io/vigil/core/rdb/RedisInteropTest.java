package io.vigil.core.rdb;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.vigil.core.rdb.RdbLoaderTest.Entry;
import static io.vigil.core.rdb.RdbLoaderTest.Recorder;
import static io.vigil.core.rdb.RdbWriterTest.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files written by {@link RdbWriter} load into a real Redis 7, and files Redis saves load with {@link RdbLoader}.
 * Skipped when the Redis binaries are missing, failed instead when {@code CI=true}.
 */
class RedisInteropTest
{
    private static final String REPL_ID = "5c1d2a0e5a1b4b3c9d8e7f6a5b4c3d2e1f0a9b8c";
    private static final long HOUR_MS = 3_600_000L;

    @TempDir
    Path dir;

    private Path redisServer;
    private Path redisCli;
    private Path redisCheckRdb;

    @BeforeEach
    void requireRedis()
    {
        final Path[] binaries = RedisBinaries.require("redis-server", "redis-cli", "redis-check-rdb");
        redisServer = binaries[0];
        redisCli = binaries[1];
        redisCheckRdb = binaries[2];
    }

    @Test
    void shouldWriteAnRdbThatRedisChecksAndLoads() throws Exception
    {
        final byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++)
        {
            binary[i] = (byte)(255 - i);
        }
        final byte[] large = new byte[300 * 1024];
        new Random(11).nextBytes(large);
        final long now = System.currentTimeMillis();

        final List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(ascii("plain"), ascii("hello"), RdbFormat.NO_EXPIRY));
        entries.add(new Entry(ascii("binary"), binary, now + 24 * HOUR_MS));
        entries.add(new Entry(ascii("large"), large, now + 2 * HOUR_MS));
        entries.add(new Entry(ascii("empty"), new byte[0], now + 3 * HOUR_MS));
        entries.add(new Entry(ascii("int8"), ascii("-7"), now + 4 * HOUR_MS));
        entries.add(new Entry(ascii("int32"), ascii("2000000000"), now + 5 * HOUR_MS));
        entries.add(new Entry(ascii("not-canonical"), ascii("007"), now + 6 * HOUR_MS));
        entries.add(new Entry(ascii("12345"), ascii("integer key"), now + 7 * HOUR_MS));
        final byte[] binaryKey = { 0, (byte)0xFF, '\n', ' ', (byte)0x80 };
        entries.add(new Entry(binaryKey, ascii("value of a binary key"), now + 8 * HOUR_MS));

        final Path file = dir.resolve("vigil.rdb");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file)))
        {
            final RdbWriter writer = new RdbWriter(out);
            writer.writeHeader(REPL_ID, 123_456);
            writer.selectDb(0, entries.size(), entries.size() - 1);
            for (final Entry e : entries)
            {
                writer.writeString(e.key, e.value, e.expireAtMs);
            }
            writer.finish();
        }

        final String check = run(redisCheckRdb.toString(), file.toString());
        assertTrue(check.contains("RDB looks OK"), check);
        assertTrue(check.contains("repl-id = '" + REPL_ID + "'"), check);
        assertTrue(check.contains("repl-offset = '123456'"), check);

        try (LocalRedisServer redis = LocalRedisServer.start(redisServer, redisCli, dir, "vigil.rdb"))
        {
            final long checkStart = System.currentTimeMillis();
            assertEquals(Integer.toString(entries.size()), redis.cliText("dbsize"), redis.log());

            // A Redis 7.0 master keeps the loaded replication id as its secondary id and continues from the offset.
            final String replication = redis.cliText("info", "replication");
            assertTrue(replication.contains("master_replid2:" + REPL_ID), replication);
            assertTrue(replication.contains("master_repl_offset:123456"), replication);

            for (final Entry e : entries)
            {
                final String name = new String(e.key, StandardCharsets.ISO_8859_1);
                final byte[] reply = e.key == binaryKey ?
                    redis.cliWithStdin(binaryKey, "get") : redis.cli("get", name);
                assertArrayEquals(withNewline(e.value), reply, name);

                final long pttl = Long.parseLong(new String(e.key == binaryKey ?
                    redis.cliWithStdin(binaryKey, "pttl") : redis.cli("pttl", name), StandardCharsets.US_ASCII).trim());
                if (e.expireAtMs == RdbFormat.NO_EXPIRY)
                {
                    assertEquals(-1, pttl, name);
                }
                else
                {
                    final long checkEnd = System.currentTimeMillis();
                    assertTrue(pttl <= e.expireAtMs - now && pttl >= e.expireAtMs - checkEnd - 1000,
                        name + " pttl " + pttl + " expected about " + (e.expireAtMs - checkStart));
                }
            }
        }
    }

    @Test
    void shouldLoadAnRdbThatRedisSaved() throws Exception
    {
        final String compressible = "abc".repeat(1000);
        final String longKey = "key-" + "k".repeat(40);
        final byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++)
        {
            binary[i] = (byte)i;
        }
        final byte[] large = new byte[100 * 1024];
        new Random(3).nextBytes(large);

        final Recorder recorder = new Recorder();
        final RdbInfo info;
        final long before;
        final long after;
        try (LocalRedisServer redis = LocalRedisServer.start(
            redisServer, redisCli, dir, "dump.rdb", "--rdbcompression", "yes"))
        {
            before = System.currentTimeMillis();
            assertEquals("OK", redis.cliText("set", "plain", "hello"));
            assertEquals("OK", redis.cliText("set", "int8", "-7"));
            assertEquals("OK", redis.cliText("set", "int16", "12345"));
            assertEquals("OK", redis.cliText("set", "int32", "2000000000"));
            assertEquals("OK", redis.cliText("set", "int64", "12345678901"));
            assertEquals("OK", redis.cliText("set", "not-canonical", "007"));
            assertEquals("OK", redis.cliText("set", "42", "integer key"));
            assertEquals("OK", redis.cliText("set", "lzf", compressible));
            assertEquals("OK", redis.cliText("set", longKey, "value of a compressible key"));
            assertEquals("OK", new String(redis.cliWithStdin(binary, "set", "binary"), StandardCharsets.UTF_8).trim());
            assertEquals("OK", new String(redis.cliWithStdin(large, "set", "large"), StandardCharsets.UTF_8).trim());
            assertEquals("OK", redis.cliText("set", "ttl-ms", "soon", "px", "600000"));
            assertEquals("OK", redis.cliText("set", "ttl-s", "later", "ex", "7200"));
            after = System.currentTimeMillis();
            assertEquals("OK", redis.cliText("save"), redis.log());

            try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve("dump.rdb"))))
            {
                info = new RdbLoader(in).load(recorder);
            }

            // The loader must name what it cannot read rather than misread it.
            assertEquals("3", redis.cliText("rpush", "list", "a", "b", "c"));
            assertEquals("OK", redis.cliText("save"));
            try (InputStream in = Files.newInputStream(dir.resolve("dump.rdb")))
            {
                final RdbFormatException ex = assertThrows(RdbFormatException.class,
                    () -> new RdbLoader(in).load(new Recorder()));
                assertTrue(ex.getMessage().contains("list-quicklist-2"), ex.getMessage());
            }
        }

        assertEquals(RdbFormat.VERSION_WRITTEN, info.version());
        assertTrue(info.aux("redis-ver").startsWith("7."), info.toString());
        assertEquals("64", info.aux("redis-bits"));
        assertTrue(info.checksumVerified());
        assertEquals(13, info.keyCount());

        final List<String> keys = new ArrayList<>();
        for (final Entry e : recorder.entries)
        {
            final String key = new String(e.key, StandardCharsets.UTF_8);
            keys.add(key);
            final String value = new String(e.value, StandardCharsets.UTF_8);
            switch (key)
            {
                case "plain": assertEquals("hello", value); break;
                case "int8": assertEquals("-7", value); break;
                case "int16": assertEquals("12345", value); break;
                case "int32": assertEquals("2000000000", value); break;
                case "int64": assertEquals("12345678901", value); break;
                case "not-canonical": assertEquals("007", value); break;
                case "42": assertEquals("integer key", value); break;
                case "lzf": assertEquals(compressible, value); break;
                case "binary": assertArrayEquals(binary, e.value); break;
                case "large": assertArrayEquals(large, e.value); break;
                case "ttl-ms": assertEquals("soon", value); break;
                case "ttl-s": assertEquals("later", value); break;
                default: assertEquals(longKey, key); assertEquals("value of a compressible key", value); break;
            }

            if (key.equals("ttl-ms"))
            {
                assertTrue(e.expireAtMs >= before + 600_000 && e.expireAtMs <= after + 600_000, key);
            }
            else if (key.equals("ttl-s"))
            {
                assertTrue(e.expireAtMs >= before + 7_200_000 && e.expireAtMs <= after + 7_200_000, key);
            }
            else
            {
                assertEquals(RdbFormat.NO_EXPIRY, e.expireAtMs, key);
            }
        }
        keys.sort(null);
        assertEquals(List.of("42", "binary", "int16", "int32", "int64", "int8", longKey, "large", "lzf",
            "not-canonical", "plain", "ttl-ms", "ttl-s"), keys);
    }

    private static byte[] withNewline(final byte[] value)
    {
        final byte[] out = Arrays.copyOf(value, value.length + 1);
        out[value.length] = '\n';
        return out;
    }

    private String run(final String... command) throws IOException, InterruptedException
    {
        final Path output = dir.resolve("run.out");
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                throw new IOException("timed out: " + Arrays.toString(command));
            }
        }
        finally
        {
            process.destroyForcibly();
        }

        final String out = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}

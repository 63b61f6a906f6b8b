package io.vigil.replication.jedis;

import io.vigil.replication.NodeConfig;
import io.vigil.replication.VigilNode;
import io.vigil.replication.support.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.SafeEncoder;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command family of the core command table through Jedis: strings, keys, expiry and SCAN.
 */
class JedisCommandFamiliesTest
{
    private VigilNode node;
    private Jedis jedis;

    @BeforeEach
    void start()
    {
        node = VigilNode.start(NodeConfig.builder().port(0).build());
        jedis = new Jedis("127.0.0.1", node.port(), 5_000);
    }

    @AfterEach
    void close()
    {
        jedis.close();
        node.close();
    }

    @Test
    void stringCommandsBehaveAsRedis()
    {
        assertEquals("OK", jedis.set("s", "hello"));
        assertNull(jedis.set("s", "x", SetParams.setParams().nx()));
        assertEquals("OK", jedis.set("s", "hello", SetParams.setParams().xx()));
        assertEquals("hello", jedis.setGet("s", "world"));
        assertEquals("world", SafeEncoder.encode((byte[])jedis.sendCommand(Protocol.Command.GETSET, "s", "again")));
        assertEquals(1, jedis.setnx("n1", "v"));
        assertEquals(0, jedis.setnx("n1", "w"));
        assertEquals(13, jedis.append("s", "and more"));
        assertEquals("againand more", jedis.get("s"));
        assertEquals(13, jedis.strlen("s"));
        assertEquals("and", jedis.getrange("s", 5, 7));
        assertEquals(13, jedis.setrange("s", 0, "AGAIN"));
        assertEquals("AGAINand more", jedis.get("s"));
        assertEquals("OK", jedis.mset("m1", "a", "m2", "b"));
        assertEquals(List.of("a", "b", "AGAINand more"), jedis.mget("m1", "m2", "s"));
        assertEquals(java.util.Arrays.asList("a", null), jedis.mget("m1", "missing"));
        assertEquals(0, jedis.msetnx("m1", "x", "m3", "c"));
        assertNull(jedis.get("m3"));
        assertEquals(1, jedis.incr("counter"));
        assertEquals(11, jedis.incrBy("counter", 10));
        assertEquals(10, jedis.decr("counter"));
        assertEquals(5, jedis.decrBy("counter", 5));
        assertEquals(6.5, jedis.incrByFloat("counter", 1.5));
        assertEquals("a", jedis.getDel("m1"));
        assertNull(jedis.getDel("m1"));
        final JedisDataException notInteger = assertThrows(JedisDataException.class, () -> jedis.incr("s"));
        assertEquals("ERR value is not an integer or out of range", notInteger.getMessage());
        final JedisDataException syntax = assertThrows(JedisDataException.class,
            () -> jedis.sendCommand(Protocol.Command.SET, "s", "v", "NX", "XX"));
        assertEquals("ERR syntax error", syntax.getMessage());
    }

    @Test
    void keyCommandsBehaveAsRedis()
    {
        jedis.mset("k1", "1", "k2", "2", "k3", "3");
        assertEquals(3, jedis.exists("k1", "k2", "k3"));
        assertEquals(2, jedis.exists("k1", "k1", "nope"));
        assertEquals("string", jedis.type("k1"));
        assertEquals("none", jedis.type("nope"));
        assertEquals("OK", jedis.rename("k1", "renamed"));
        assertFalse(jedis.exists("k1"));
        assertEquals(0, jedis.renamenx("renamed", "k2"));
        assertEquals(1, jedis.renamenx("renamed", "k4"));
        final JedisDataException noSuchKey = assertThrows(JedisDataException.class, () -> jedis.rename("nope", "x"));
        assertEquals("ERR no such key", noSuchKey.getMessage());
        assertEquals(Set.of("k2", "k3", "k4"), jedis.keys("k*"));
        assertEquals(Set.of("k2", "k3"), jedis.keys("k[23]"));
        assertTrue(Set.of("k2", "k3", "k4").contains(jedis.randomKey()));
        assertEquals(3, jedis.dbSize());
        assertEquals(2, jedis.del("k2", "k3", "nope"));
        assertEquals(1, jedis.unlink("k4"));
        assertEquals(0, jedis.dbSize());
        assertNull(jedis.randomKey());
        jedis.set("a", "1");
        assertEquals("OK", jedis.flushDB());
        assertEquals(0, jedis.dbSize());
        jedis.set("a", "1");
        assertEquals("OK", jedis.flushAll());
        assertEquals(0, jedis.dbSize());
    }

    @Test
    void expiryCommandsBehaveAsRedis()
    {
        jedis.set("e", "v");
        assertEquals(-1, jedis.ttl("e"));
        assertEquals(-2, jedis.ttl("missing"));
        assertEquals(1, jedis.expire("e", 100));
        assertTrue(jedis.ttl("e") > 90);
        assertEquals(0, jedis.expire("e", 200, ExpiryOption.NX));
        assertEquals(1, jedis.expire("e", 200, ExpiryOption.GT));
        assertEquals(0, jedis.expire("e", 100, ExpiryOption.GT));
        assertTrue(jedis.pttl("e") > 190_000);
        final long at = System.currentTimeMillis() / 1000 + 1000;
        assertEquals(1, jedis.expireAt("e", at));
        assertEquals(at, jedis.expireTime("e"));
        assertEquals(at * 1000, jedis.pexpireTime("e"));
        assertEquals(1, jedis.pexpireAt("e", at * 1000 + 500));
        assertEquals(at * 1000 + 500, jedis.pexpireTime("e"));
        assertEquals(1, jedis.persist("e"));
        assertEquals(-1, jedis.ttl("e"));
        assertEquals(0, jedis.persist("e"));
        assertEquals("OK", jedis.setex("ex", 50, "v"));
        assertTrue(jedis.ttl("ex") > 40);
        assertEquals("OK", jedis.psetex("px", 50_000, "v"));
        assertTrue(jedis.pttl("px") > 40_000);
        assertEquals("v", jedis.getEx("px", GetExParams.getExParams().persist()));
        assertEquals(-1, jedis.pttl("px"));
        final JedisDataException invalid = assertThrows(JedisDataException.class, () -> jedis.setex("bad", -1, "v"));
        assertEquals("ERR invalid expire time in 'setex' command", invalid.getMessage());

        assertEquals("OK", jedis.set("short", "v", SetParams.setParams().px(50)));
        assertEquals(1, jedis.pexpire("e", 50));
        Poll.await(Duration.ofSeconds(5), () -> jedis.get("short") == null && !jedis.exists("e"),
            "keys to expire");
        assertEquals(-2, jedis.pttl("short"));
        // Reads on the I/O thread do not delete expired keys as Redis's lookups do; the writer's expiry cycle does.
        Poll.await(Duration.ofSeconds(5), () -> jedis.dbSize() == 2, "only ex and px to remain");
    }

    @Test
    void scanVisitsEveryKeyOnceAcrossCursors()
    {
        final Set<String> expected = new HashSet<>();
        for (int i = 0; i < 500; i++)
        {
            jedis.set("scan:" + i, "v");
            expected.add("scan:" + i);
        }
        jedis.set("other", "v");

        final Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int calls = 0;
        do
        {
            final ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("scan:*").count(50));
            for (final String key : page.getResult())
            {
                assertTrue(key.startsWith("scan:"), key);
                seen.add(key);
            }
            cursor = page.getCursor();
            calls++;
            assertTrue(calls < 1_000, "SCAN terminates");
        }
        while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        assertEquals(expected, seen);

        final Set<String> strings = new HashSet<>();
        cursor = ScanParams.SCAN_POINTER_START;
        do
        {
            final ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(1000), "string");
            strings.addAll(page.getResult());
            cursor = page.getCursor();
        }
        while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        assertEquals(501, strings.size());

        final JedisDataException badCursor = assertThrows(JedisDataException.class, () -> jedis.scan("abc"));
        assertEquals("ERR invalid cursor", badCursor.getMessage());
    }
}

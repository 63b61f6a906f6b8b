package io.vigil.replication;

import io.vigil.core.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JedisLoopbackTest
{
    private VigilNode node;
    private Jedis jedis;

    @BeforeEach
    void start()
    {
        node = VigilNode.start(NodeConfig.builder().port(0).store(StoreConfig.defaults()).build());
        jedis = new Jedis("127.0.0.1", node.port(), 5_000);
    }

    @AfterEach
    void close()
    {
        jedis.close();
        node.close();
    }

    @Test
    void shouldServeStringCommands()
    {
        assertEquals("PONG", jedis.ping());
        assertEquals("OK", jedis.set("k", "v"));
        assertEquals("v", jedis.get("k"));
        assertEquals("v", node.get("k"));
        assertEquals(5L, jedis.incrBy("n", 5));
        assertEquals("OK", jedis.set("t", "x", SetParams.setParams().px(100_000)));
        assertTrue(jedis.pttl("t") > 90_000);
        assertEquals(List.of("v", "5"), jedis.mget("k", "n"));
        assertEquals(Set.of("k", "n", "t"), jedis.keys("*"));
        assertEquals(3L, jedis.dbSize());
        final JedisDataException ex = assertThrows(JedisDataException.class, () -> jedis.incr("k"));
        assertEquals("ERR value is not an integer or out of range", ex.getMessage());
    }

    @Test
    void shouldPipelineReadsAfterWritesInOrder()
    {
        final Pipeline p = jedis.pipelined();
        final List<Response<?>> responses = new ArrayList<>();
        for (int i = 0; i < 1_000; i++)
        {
            responses.add(p.set("key" + i, "value" + i));
            responses.add(p.get("key" + i));
            responses.add(p.incr("counter"));
        }
        p.sync();
        for (int i = 0; i < 1_000; i++)
        {
            assertEquals("OK", responses.get(i * 3).get());
            assertEquals("value" + i, responses.get(i * 3 + 1).get());
            assertEquals((long)(i + 1), responses.get(i * 3 + 2).get());
        }
    }

    @Test
    void shouldRunTransactions()
    {
        final Transaction t = jedis.multi();
        t.set("a", "1");
        t.incr("a");
        t.get("a");
        assertEquals(List.of("OK", 2L, "2"), t.exec());

        jedis.watch("a");
        try (Jedis other = new Jedis("127.0.0.1", node.port()))
        {
            other.set("a", "changed");
        }
        final Transaction aborted = jedis.multi();
        aborted.set("a", "mine");
        assertNull(aborted.exec());
        assertEquals("changed", jedis.get("a"));
    }
}

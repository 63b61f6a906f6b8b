package io.vigil.replication.lettuce;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.vigil.replication.NodeConfig;
import io.vigil.replication.VigilNode;
import io.vigil.replication.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lettuce against a node over loopback. Lettuce opens with HELLO 3; Vigil answers NOPROTO and Lettuce goes on in
 * RESP2, as with a Redis 5 server.
 */
class LettuceLoopbackTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private VigilNode node;
    private RedisClient client;

    private void start(final NodeConfig.Builder config, final String uri)
    {
        node = VigilNode.start(config.port(0).build());
        final RedisURI redisUri = RedisURI.create(uri.replace("PORT", Integer.toString(node.port())));
        redisUri.setTimeout(TIMEOUT);
        client = RedisClient.create(redisUri);
    }

    private void start()
    {
        start(NodeConfig.builder(), "redis://127.0.0.1:PORT");
    }

    @AfterEach
    void close()
    {
        if (client != null)
        {
            client.shutdown(Duration.ZERO, TIMEOUT);
        }
        if (node != null)
        {
            node.close();
        }
    }

    private static Map<String, String> fields(final String clientInfo)
    {
        final Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (final String field : clientInfo.trim().split(" "))
        {
            final int eq = field.indexOf('=');
            fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        return fields;
    }

    private long errorReplies() throws java.io.IOException
    {
        try (RawClient raw = new RawClient(node.port()))
        {
            final String stats = raw.call("INFO", "stats");
            final int start = stats.indexOf("total_error_replies:") + "total_error_replies:".length();
            return Long.parseLong(stats.substring(start, stats.indexOf('\r', start)));
        }
    }

    @Test
    void connectsAfterHelloThreeIsRefusedAndServesSyncCommandsInResp2() throws java.io.IOException
    {
        start();
        final long errorsBefore = errorReplies();
        try (StatefulRedisConnection<String, String> connection = client.connect())
        {
            final RedisCommands<String, String> sync = connection.sync();
            assertEquals("PONG", sync.ping());
            assertEquals(errorsBefore + 1, errorReplies(), "Lettuce's HELLO 3 was refused, and nothing else");
            assertEquals("PONG", sync.ping());
            assertEquals("OK", sync.set("k", "v"));
            assertEquals("v", sync.get("k"));
            assertEquals(3, sync.incrby("n", 3));
            assertEquals(List.of("v", "3"), sync.mget("k", "n").stream().map(kv -> kv.getValue()).toList());
            assertEquals(1, sync.del("k"));
            assertEquals(null, sync.get("k"));
            final Map<String, String> info = fields(sync.clientInfo());
            assertEquals("2", info.get("resp"), "the connection fell back to RESP2");
            assertEquals("3", new String(node.get("n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                java.nio.charset.StandardCharsets.UTF_8), "the node holds what Lettuce wrote");
            assertEquals("OK", sync.set("x", "abc"));
            final RedisCommandExecutionException notInteger =
                assertThrows(RedisCommandExecutionException.class, () -> sync.incr("x"));
            assertEquals("ERR value is not an integer or out of range", notInteger.getMessage());
        }
    }

    @Test
    void authenticatesWithAPasswordAfterFallingBackToResp2()
    {
        start(NodeConfig.builder().requirepass("pw"), "redis://pw@127.0.0.1:PORT");
        try (StatefulRedisConnection<String, String> connection = client.connect())
        {
            assertEquals("OK", connection.sync().set("secure", "yes"));
            assertEquals("yes", connection.sync().get("secure"));
        }
        final RedisClient wrong = RedisClient.create(RedisURI.create("redis://nope@127.0.0.1:" + node.port()));
        try
        {
            final RuntimeException refused = assertThrows(RuntimeException.class, wrong::connect);
            assertTrue(String.valueOf(refused.getMessage()).contains("WRONGPASS") ||
                String.valueOf(refused.getCause()).contains("WRONGPASS"), refused.toString());
        }
        finally
        {
            wrong.shutdown(Duration.ZERO, TIMEOUT);
        }
    }

    @Test
    void asyncCommandsCompleteInOrder() throws Exception
    {
        start();
        try (StatefulRedisConnection<String, String> connection = client.connect())
        {
            final RedisAsyncCommands<String, String> async = connection.async();
            final List<RedisFuture<Long>> increments = new ArrayList<>();
            for (int i = 0; i < 500; i++)
            {
                increments.add(async.incr("async:counter"));
            }
            for (int i = 0; i < increments.size(); i++)
            {
                assertEquals(i + 1, increments.get(i).get(10, TimeUnit.SECONDS));
            }
            assertEquals("OK", async.set("async:k", "v").get(10, TimeUnit.SECONDS));
            assertEquals("v", async.get("async:k").get(10, TimeUnit.SECONDS));
            assertEquals("500", async.get("async:counter").toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void pipelinedCommandsWithManualFlushAllAnswer()
    {
        start();
        try (StatefulRedisConnection<String, String> connection = client.connect())
        {
            final RedisAsyncCommands<String, String> async = connection.async();
            connection.setAutoFlushCommands(false);
            final List<RedisFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 2_000; i++)
            {
                futures.add(async.set("pipe:" + i, "v" + i));
                futures.add(async.get("pipe:" + i));
            }
            connection.flushCommands();
            assertTrue(LettuceFutures.awaitAll(TIMEOUT, futures.toArray(new RedisFuture<?>[0])));
            for (int i = 0; i < 2_000; i++)
            {
                assertEquals("OK", futures.get(2 * i).toCompletableFuture().getNow(null));
                assertEquals("v" + i, futures.get(2 * i + 1).toCompletableFuture().getNow(null));
            }
            connection.setAutoFlushCommands(true);
            assertEquals(2_000, connection.sync().dbsize());
        }
    }

    @Test
    void transactionsExecuteAtomicallyAndWatchAborts()
    {
        start();
        try (StatefulRedisConnection<String, String> connection = client.connect();
            StatefulRedisConnection<String, String> other = client.connect())
        {
            final RedisCommands<String, String> sync = connection.sync();
            assertEquals("OK", sync.multi());
            assertEquals(null, sync.set("tx", "1"));
            assertEquals(null, sync.incr("tx"));
            assertEquals(null, sync.get("tx"));
            final TransactionResult result = sync.exec();
            assertTrue(!result.wasDiscarded());
            assertEquals(List.of("OK", 2L, "2"), result.stream().toList());

            assertEquals("OK", sync.watch("tx"));
            other.sync().set("tx", "changed");
            sync.multi();
            sync.set("tx", "mine");
            assertTrue(sync.exec().wasDiscarded(), "a watched key changed");
            assertEquals("changed", sync.get("tx"));

            sync.multi();
            sync.set("tx", "discarded");
            assertEquals("OK", sync.discard());
            assertEquals("changed", sync.get("tx"));
        }
    }

    @Test
    void pubSubConnectionReceivesChannelAndPatternMessages() throws InterruptedException
    {
        start();
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub();
            StatefulRedisConnection<String, String> publisher = client.connect())
        {
            pubsub.addListener(new RedisPubSubAdapter<>()
            {
                public void message(final String channel, final String message)
                {
                    received.add(channel + ":" + message);
                }

                public void message(final String pattern, final String channel, final String message)
                {
                    received.add(pattern + ">" + channel + ":" + message);
                }
            });
            pubsub.sync().subscribe("news");
            pubsub.sync().psubscribe("n*");
            assertEquals(Map.of("news", 1L), publisher.sync().pubsubNumsub("news"));
            assertEquals(1, publisher.sync().pubsubNumpat());
            assertEquals(2, publisher.sync().publish("news", "hello"));
            assertEquals(1, publisher.sync().publish("nothing", "else"));
            final List<String> messages = new ArrayList<>();
            for (int i = 0; i < 3; i++)
            {
                final String message = received.poll(10, TimeUnit.SECONDS);
                assertNotNull(message, "message " + i);
                messages.add(message);
            }
            assertEquals(java.util.Set.of("news:hello", "n*>news:hello", "n*>nothing:else"),
                java.util.Set.copyOf(messages));
            pubsub.sync().unsubscribe("news");
            pubsub.sync().punsubscribe("n*");
            assertEquals(0, publisher.sync().publish("news", "gone"));
        }
    }
}

package io.vigil.replication.jedis;

import io.vigil.replication.NodeConfig;
import io.vigil.replication.VigilNode;
import io.vigil.replication.support.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PUBLISH, SUBSCRIBE, PSUBSCRIBE and PUBSUB through Jedis, with subscribers on their own threads.
 */
class JedisPubSubTest
{
    private static final long WAIT_SECONDS = 10;

    private VigilNode node;
    private Jedis publisher;
    private final List<Subscriber> subscribers = new ArrayList<>();

    @BeforeEach
    void start()
    {
        node = VigilNode.start(NodeConfig.builder().port(0).build());
        publisher = new Jedis("127.0.0.1", node.port(), 5_000);
    }

    @AfterEach
    void close() throws InterruptedException
    {
        for (final Subscriber s : subscribers)
        {
            s.stop();
        }
        publisher.close();
        node.close();
    }

    /**
     * A JedisPubSub on its own thread and connection, recording what it receives.
     */
    private final class Subscriber extends JedisPubSub
    {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CountDownLatch ready;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Jedis jedis = new Jedis("127.0.0.1", node.port(), 0);
        final Thread thread;

        Subscriber(final int subscriptions, final boolean patterns, final String... targets)
        {
            ready = new CountDownLatch(subscriptions);
            thread = new Thread(() ->
            {
                try
                {
                    if (patterns)
                    {
                        jedis.psubscribe(this, targets);
                    }
                    else
                    {
                        jedis.subscribe(this, targets);
                    }
                }
                catch (final RuntimeException ex)
                {
                    failure.set(ex);
                }
            }, "subscriber");
            thread.setDaemon(true);
            thread.start();
            subscribers.add(this);
        }

        void awaitReady() throws InterruptedException
        {
            assertTrue(ready.await(WAIT_SECONDS, TimeUnit.SECONDS), "subscribed");
        }

        String next() throws InterruptedException
        {
            final String message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(message != null, "a message arrives");
            return message;
        }

        public void onMessage(final String channel, final String message)
        {
            received.add(channel + ":" + message);
        }

        public void onPMessage(final String pattern, final String channel, final String message)
        {
            received.add(pattern + ">" + channel + ":" + message);
        }

        public void onPong(final String pattern)
        {
            received.add("pong:" + pattern);
        }

        public void onSubscribe(final String channel, final int subscribedChannels)
        {
            ready.countDown();
        }

        public void onPSubscribe(final String pattern, final int subscribedChannels)
        {
            ready.countDown();
        }

        void stop() throws InterruptedException
        {
            if (isSubscribed())
            {
                try
                {
                    unsubscribe();
                    punsubscribe();
                }
                catch (final RuntimeException ignore)
                {
                    // The connection may already be closed.
                }
            }
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            jedis.close();
        }
    }

    @Test
    void publishDeliversToChannelSubscribersAndCountsThem() throws InterruptedException
    {
        final Subscriber a = new Subscriber(2, false, "news", "sport");
        final Subscriber b = new Subscriber(1, false, "news");
        a.awaitReady();
        b.awaitReady();

        assertEquals(2, publisher.publish("news", "hello"));
        assertEquals(1, publisher.publish("sport", "goal"));
        assertEquals(0, publisher.publish("weather", "rain"));
        assertEquals("news:hello", a.next());
        assertEquals("sport:goal", a.next());
        assertEquals("news:hello", b.next());

        assertEquals(Set.of("news", "sport"), Set.copyOf(publisher.pubsubChannels()));
        assertEquals(List.of("sport"), publisher.pubsubChannels("sp*"));
        assertEquals(Map.of("news", 2L, "sport", 1L, "weather", 0L),
            publisher.pubsubNumSub("news", "sport", "weather"));
        assertEquals(0, publisher.pubsubNumPat());

        b.unsubscribe("news");
        Poll.await(Duration.ofSeconds(WAIT_SECONDS), () -> publisher.pubsubNumSub("news").get("news") == 1,
            "one subscriber left on news");
        b.thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertFalse(b.thread.isAlive(), "the subscriber's loop ends when it has no subscription left");
        assertNull(b.failure.get());
        assertEquals(1, publisher.publish("news", "again"));
        assertEquals("news:again", a.next());
    }

    @Test
    void patternSubscribersReceivePmessagesAndCountOncePerMatch() throws InterruptedException
    {
        final Subscriber p = new Subscriber(2, true, "user.*", "user.?");
        final Subscriber c = new Subscriber(1, false, "user.1");
        p.awaitReady();
        c.awaitReady();

        // One channel subscriber and two matching patterns.
        assertEquals(3, publisher.publish("user.1", "login"));
        assertEquals(1, publisher.publish("user.42", "logout"));
        assertEquals(0, publisher.publish("admin", "x"));
        assertEquals("user.1:login", c.next());
        final Set<String> patternMessages = Set.of(p.next(), p.next(), p.next());
        assertEquals(Set.of("user.*>user.1:login", "user.?>user.1:login", "user.*>user.42:logout"),
            patternMessages);
        assertEquals(2, publisher.pubsubNumPat());
        assertEquals(List.of("user.1"), publisher.pubsubChannels());

        p.punsubscribe("user.?");
        Poll.await(Duration.ofSeconds(WAIT_SECONDS), () -> publisher.pubsubNumPat() == 1, "one pattern left");
        assertEquals(2, publisher.publish("user.1", "again"));
    }

    @Test
    void subscribedConnectionRefusesOtherCommands() throws InterruptedException
    {
        final Subscriber s = new Subscriber(1, false, "ch");
        s.awaitReady();
        // JedisPubSub.ping() sends PING on the subscribed connection; the reply arrives as a pong message.
        s.ping();
        assertEquals("pong:", s.next());
        try (Jedis raw = new Jedis("127.0.0.1", node.port(), 5_000))
        {
            raw.getConnection().sendCommand(Protocol.Command.SUBSCRIBE, "other");
            assertEquals(3, raw.getConnection().getObjectMultiBulkReply().size());
            final JedisDataException refused = assertThrows(JedisDataException.class, () ->
            {
                raw.getConnection().sendCommand(Protocol.Command.GET, "k");
                raw.getConnection().getOne();
            });
            assertEquals("ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET " +
                "are allowed in this context", refused.getMessage());
        }
        assertEquals(1, publisher.publish("ch", "still delivered"));
        assertEquals("ch:still delivered", s.next());
    }

    @Test
    void closingASubscriberRemovesItsSubscriptions() throws InterruptedException
    {
        final Subscriber s = new Subscriber(2, false, "a", "b");
        s.awaitReady();
        assertEquals(Map.of("a", 1L, "b", 1L), publisher.pubsubNumSub("a", "b"));
        s.jedis.disconnect();
        Poll.await(Duration.ofSeconds(WAIT_SECONDS), () -> publisher.pubsubChannels().isEmpty(),
            "channels of a closed subscriber to go");
        assertEquals(0, publisher.publish("a", "nobody"));
    }
}

package io.vigil.replication.jedis;

import io.vigil.replication.NodeConfig;
import io.vigil.replication.VigilNode;
import io.vigil.replication.support.Poll;
import io.vigil.replication.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many clients at once, maxclients, the idle timeout and SHUTDOWN.
 */
class JedisConnectionsTest
{
    private VigilNode node;

    @AfterEach
    void close()
    {
        if (node != null)
        {
            node.close();
        }
    }

    private void start(final NodeConfig.Builder config)
    {
        node = VigilNode.start(config.port(0).build());
    }

    @Test
    void twoHundredConcurrentClientsEachReadTheirOwnWrites() throws Exception
    {
        start(NodeConfig.builder());
        final int clients = 200;
        final int operations = 50;
        final ExecutorService pool = Executors.newFixedThreadPool(32);
        final CountDownLatch allConnected = new CountDownLatch(clients);
        final List<Future<Integer>> results = new ArrayList<>();
        try
        {
            for (int c = 0; c < clients; c++)
            {
                final int client = c;
                results.add(pool.submit(() ->
                {
                    try (Jedis jedis = new Jedis("127.0.0.1", node.port(), 10_000))
                    {
                        jedis.ping();
                        allConnected.countDown();
                        int checked = 0;
                        for (int i = 0; i < operations; i++)
                        {
                            final String key = "c" + client + ":k" + i;
                            final String value = "v" + client + ":" + i;
                            assertEquals("OK", jedis.set(key, value));
                            assertEquals(value, jedis.get(key));
                            assertEquals(i + 1, jedis.incr("c" + client + ":counter"));
                            jedis.incr("shared");
                            checked++;
                        }
                        final Pipeline p = jedis.pipelined();
                        final List<Response<String>> reads = new ArrayList<>();
                        for (int i = 0; i < operations; i++)
                        {
                            reads.add(p.get("c" + client + ":k" + i));
                        }
                        p.sync();
                        for (int i = 0; i < operations; i++)
                        {
                            assertEquals("v" + client + ":" + i, reads.get(i).get());
                        }
                        return checked;
                    }
                }));
            }
            int total = 0;
            for (final Future<Integer> result : results)
            {
                total += result.get(60, TimeUnit.SECONDS);
            }
            assertEquals(clients * operations, total);
        }
        finally
        {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        try (Jedis jedis = new Jedis("127.0.0.1", node.port(), 5_000))
        {
            assertEquals(Integer.toString(clients * operations), jedis.get("shared"));
            assertEquals(clients * (operations + 1) + 1, jedis.dbSize());
            for (int c = 0; c < clients; c++)
            {
                assertEquals(Integer.toString(operations), jedis.get("c" + c + ":counter"));
            }
            Poll.await(Duration.ofSeconds(10), () -> jedis.info("clients").contains("connected_clients:1\r\n"),
                "the other clients' connections to be gone");
        }
    }

    @Test
    void connectionsBeyondMaxclientsAreRefused() throws IOException
    {
        start(NodeConfig.builder().maxclients(3));
        final List<RawClient> connected = new ArrayList<>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                final RawClient client = new RawClient(node.port());
                connected.add(client);
                assertEquals("+PONG\r\n", client.call("PING"));
            }
            try (RawClient refused = new RawClient(node.port()))
            {
                assertEquals("-ERR max number of clients reached\r\n<closed>",
                    refused.readUntilClosed(Duration.ofSeconds(10)));
            }
            // Jedis reads the error as the reply to its CLIENT SETINFO on connect, then finds the connection closed.
            assertThrows(JedisConnectionException.class, () ->
            {
                try (Jedis jedis = new Jedis("127.0.0.1", node.port(), 5_000))
                {
                    jedis.ping();
                }
            });
            assertTrue(connected.get(0).call("INFO", "stats").contains("rejected_connections:2\r\n"));

            // Raising the limit at run time lets a fourth client in.
            assertEquals("+OK\r\n", connected.get(0).call("CONFIG", "SET", "maxclients", "4"));
            try (RawClient fourth = new RawClient(node.port()))
            {
                assertEquals("+PONG\r\n", fourth.call("PING"));
            }
            // A place freed by a client leaving is taken by the next.
            connected.remove(2).close();
            Poll.await(Duration.ofSeconds(10), () -> clientCount(connected.get(0)) == 2, "the client to leave");
            assertEquals("+OK\r\n", connected.get(0).call("CONFIG", "SET", "maxclients", "3"));
            try (RawClient third = new RawClient(node.port()))
            {
                assertEquals("+PONG\r\n", third.call("PING"));
            }
        }
        finally
        {
            for (final RawClient client : connected)
            {
                client.close();
            }
        }
    }

    private static int clientCount(final RawClient client)
    {
        try
        {
            final String info = client.call("INFO", "clients");
            final int start = info.indexOf("connected_clients:") + "connected_clients:".length();
            return Integer.parseInt(info.substring(start, info.indexOf('\r', start)));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void idleClientsAreClosedAfterTheTimeoutButSubscribersAreNot() throws IOException
    {
        start(NodeConfig.builder().timeoutSeconds(1));
        try (RawClient idle = new RawClient(node.port());
            RawClient subscriber = new RawClient(node.port());
            RawClient busy = new RawClient(node.port()))
        {
            assertEquals("+PONG\r\n", idle.call("PING"));
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n", subscriber.call("SUBSCRIBE", "ch"));
            final long start = System.nanoTime();
            final CountDownLatch closed = new CountDownLatch(1);
            final Thread watcher = new Thread(() ->
            {
                try
                {
                    if (idle.awaitClosed(Duration.ofSeconds(10)))
                    {
                        closed.countDown();
                    }
                }
                catch (final IOException ignore)
                {
                    // The latch stays up and the test fails.
                }
            });
            watcher.start();
            // The busy client keeps talking and stays.
            while (closed.getCount() > 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10))
            {
                assertEquals("+PONG\r\n", busy.call("PING"));
                try
                {
                    closed.await(100, TimeUnit.MILLISECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try
            {
                watcher.join(15_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            assertEquals(0, closed.getCount(), "the idle client was closed");
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMs >= 900, "closed after the timeout, not before: " + elapsedMs + " ms");
            assertEquals("+PONG\r\n", busy.call("PING"));
            // As idle as the closed client, but subscribed: pub/sub clients are exempt.
            assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", subscriber.call("PING"));
        }
    }

    @Test
    void shutdownStopsTheNode() throws Exception
    {
        start(NodeConfig.builder());
        try (Jedis other = new Jedis("127.0.0.1", node.port(), 5_000);
            Jedis jedis = new Jedis("127.0.0.1", node.port(), 5_000))
        {
            assertEquals("PONG", other.ping());
            jedis.set("k", "v");
            jedis.shutdown();
            assertTrue(node.awaitTermination(Duration.ofSeconds(10)), "the node stopped");
            assertThrows(JedisConnectionException.class, other::ping);
        }
        assertThrows(IOException.class, () ->
        {
            try (RawClient late = new RawClient(node.port()))
            {
                late.call("PING");
            }
        });
    }
}

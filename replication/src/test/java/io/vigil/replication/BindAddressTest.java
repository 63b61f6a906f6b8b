package io.vigil.replication;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node listens on every address of {@code bind}, IPv4 and IPv6, on one port.
 */
class BindAddressTest
{
    @Test
    void shouldServeOnIpv4AndIpv6LoopbackAtOnce()
    {
        try (VigilNode node = VigilNode.start(NodeConfig.builder().port(0).bind("127.0.0.1", "::1").build());
            Jedis v4 = new Jedis("127.0.0.1", node.port(), 5_000);
            Jedis v6 = new Jedis("::1", node.port(), 5_000))
        {
            assertEquals("OK", v4.set("k", "from-ipv4"));
            assertEquals("from-ipv4", v6.get("k"));
            assertEquals("OK", v6.set("k", "from-ipv6"));
            assertEquals("from-ipv6", v4.get("k"));
        }
    }

    @Test
    void shouldSkipAnOptionalAddressThatCannotBeBound()
    {
        // config.c bind: a leading '-' marks an address that may be missing; 192.0.2.1 (TEST-NET-1) is not local.
        try (VigilNode node = VigilNode.start(NodeConfig.builder().port(0).bind("127.0.0.1", "-192.0.2.1").build());
            Jedis client = new Jedis("127.0.0.1", node.port(), 5_000))
        {
            assertEquals("PONG", client.ping());
        }
    }
}

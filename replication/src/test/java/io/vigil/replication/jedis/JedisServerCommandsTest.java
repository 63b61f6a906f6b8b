package io.vigil.replication.jedis;

import io.vigil.replication.NodeConfig;
import io.vigil.replication.VigilNode;
import io.vigil.replication.support.Poll;
import io.vigil.replication.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.ClientAttributeOption;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.resps.CommandDocument;
import redis.clients.jedis.resps.CommandInfo;
import redis.clients.jedis.util.SafeEncoder;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection and server commands through Jedis: AUTH, CLIENT, CONFIG, INFO, ROLE, TIME, ECHO, SELECT, COMMAND and
 * HELLO.
 */
class JedisServerCommandsTest
{
    private VigilNode node;
    private final List<AutoCloseable> resources = new ArrayList<>();

    private void start(final NodeConfig.Builder config)
    {
        node = VigilNode.start(config.port(0).build());
    }

    private void start()
    {
        start(NodeConfig.builder());
    }

    private Jedis jedis()
    {
        final Jedis jedis = new Jedis("127.0.0.1", node.port(), 5_000);
        resources.add(jedis);
        return jedis;
    }

    @AfterEach
    void close() throws Exception
    {
        for (final AutoCloseable resource : resources)
        {
            resource.close();
        }
        if (node != null)
        {
            node.close();
        }
    }

    private static Map<String, String> clientFields(final String line)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final String field : line.trim().split(" "))
        {
            final int eq = field.indexOf('=');
            fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
        return fields;
    }

    private static Map<Long, Map<String, String>> clientList(final String list)
    {
        final Map<Long, Map<String, String>> clients = new LinkedHashMap<>();
        for (final String line : list.split("\n"))
        {
            if (!line.isBlank())
            {
                final Map<String, String> fields = clientFields(line);
                clients.put(Long.parseLong(fields.get("id")), fields);
            }
        }
        return clients;
    }

    @Test
    void authIsRequiredWhenRequirepassIsSet()
    {
        start(NodeConfig.builder().requirepass("hunter2"));
        final Jedis jedis = jedis();
        final JedisDataException noauth = assertThrows(JedisDataException.class, () -> jedis.get("k"));
        assertEquals("NOAUTH Authentication required.", noauth.getMessage());
        final JedisDataException wrong = assertThrows(JedisDataException.class, () -> jedis.auth("wrong"));
        assertEquals("WRONGPASS invalid username-password pair or user is disabled.", wrong.getMessage());
        final JedisDataException wrongUser = assertThrows(JedisDataException.class,
            () -> jedis.auth("alice", "hunter2"));
        assertEquals("WRONGPASS invalid username-password pair or user is disabled.", wrongUser.getMessage());
        assertThrows(JedisDataException.class, () -> jedis.get("k"));
        assertEquals("OK", jedis.auth("hunter2"));
        assertEquals("OK", jedis.set("k", "v"));
        assertEquals("OK", jedis.auth("default", "hunter2"));

        try (Jedis withPassword = new Jedis(new HostAndPort("127.0.0.1", node.port()),
            DefaultJedisClientConfig.builder().password("hunter2").timeoutMillis(5_000).build()))
        {
            assertEquals("v", withPassword.get("k"));
        }
        final JedisAccessControlException refused = assertThrows(JedisAccessControlException.class, () ->
        {
            try (Jedis withWrongPassword = new Jedis(new HostAndPort("127.0.0.1", node.port()),
                DefaultJedisClientConfig.builder().password("nope").timeoutMillis(5_000).build()))
            {
                withWrongPassword.ping();
            }
        });
        assertEquals("WRONGPASS invalid username-password pair or user is disabled.", refused.getMessage());
    }

    @Test
    void authWithoutRequirepassExplainsItself()
    {
        start();
        final JedisDataException ex = assertThrows(JedisDataException.class, () -> jedis().auth("pw"));
        assertEquals("ERR AUTH <password> called without any password configured for the default user. " +
            "Are you sure your configuration is correct?", ex.getMessage());
    }

    @Test
    void clientNameIdInfoAndListDescribeTheConnection()
    {
        start();
        final Jedis jedis = jedis();
        assertNull(jedis.clientGetname());
        assertEquals("OK", jedis.clientSetname("worker-1"));
        assertEquals("worker-1", jedis.clientGetname());
        final JedisDataException bad = assertThrows(JedisDataException.class, () -> jedis.clientSetname("a b"));
        assertEquals("ERR Client names cannot contain spaces, newlines or special characters.", bad.getMessage());
        assertEquals("worker-1", jedis.clientGetname());
        final long id = jedis.clientId();
        assertTrue(id > 0);

        final Map<String, String> info = clientFields(jedis.clientInfo());
        assertEquals(Long.toString(id), info.get("id"));
        assertEquals("worker-1", info.get("name"));
        assertEquals("client|info", info.get("cmd"));
        assertEquals("N", info.get("flags"));
        assertEquals("0", info.get("db"));
        // Jedis names itself with CLIENT SETINFO on connect.
        assertEquals("jedis", info.get("lib-name"));
        assertEquals("OK", jedis.clientSetInfo(ClientAttributeOption.LIB_NAME, "mylib"));
        assertEquals("OK", jedis.clientSetInfo(ClientAttributeOption.LIB_VER, "1.2.3"));
        final Map<String, String> renamed = clientFields(jedis.clientInfo());
        assertEquals("mylib", renamed.get("lib-name"));
        assertEquals("1.2.3", renamed.get("lib-ver"));
        final JedisDataException badInfo = assertThrows(JedisDataException.class,
            () -> jedis.clientSetInfo(ClientAttributeOption.LIB_NAME, "my lib"));
        // The attribute as sent: Jedis sends LIB-NAME.
        assertEquals("ERR LIB-NAME cannot contain spaces, newlines or special characters.", badInfo.getMessage());

        final Jedis other = jedis();
        other.clientSetname("other");
        final Map<Long, Map<String, String>> all = clientList(jedis.clientList());
        assertEquals(2, all.size());
        assertEquals("worker-1", all.get(id).get("name"));
        assertEquals("other", all.get(other.clientId()).get("name"));
        assertEquals("client|list", all.get(id).get("cmd"));
        final String addr = all.get(id).get("addr");
        assertTrue(addr.startsWith("127.0.0.1:"), addr);
        assertEquals("127.0.0.1:" + node.port(), all.get(id).get("laddr"));
        assertEquals(List.of(other.clientId()), List.copyOf(clientList(jedis.clientList(other.clientId())).keySet()));
        assertEquals(2, clientList(jedis.clientList(ClientType.NORMAL)).size());
        assertEquals(0, clientList(jedis.clientList(ClientType.PUBSUB)).size());
    }

    @Test
    void clientKillClosesTheChosenConnectionsOnly() throws IOException
    {
        start();
        final Jedis admin = jedis();
        final Jedis byId = jedis();
        final Jedis byAddr = jedis();
        final long byIdId = byId.clientId();
        final String addr = clientFields(byAddr.clientInfo()).get("addr");

        assertEquals(1, admin.clientKill(ClientKillParams.clientKillParams().id(Long.toString(byIdId))));
        assertThrows(JedisConnectionException.class, byId::ping);
        assertEquals(0, admin.clientKill(ClientKillParams.clientKillParams().id(Long.toString(byIdId))));

        assertEquals(1, admin.clientKill(ClientKillParams.clientKillParams().addr(addr)));
        assertThrows(JedisConnectionException.class, byAddr::ping);

        try (RawClient subscriber = new RawClient(node.port()); RawClient normal = new RawClient(node.port()))
        {
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n", subscriber.call("SUBSCRIBE", "ch"));
            assertEquals("+PONG\r\n", normal.call("PING"));
            assertEquals(1, admin.clientKill(ClientKillParams.clientKillParams().type(ClientType.PUBSUB)));
            assertTrue(subscriber.awaitClosed(Duration.ofSeconds(10)), "the subscriber is closed");
            // SKIPME yes by default: the normal client goes, the admin stays.
            assertEquals(1, admin.clientKill(ClientKillParams.clientKillParams().type(ClientType.NORMAL)));
            assertTrue(normal.awaitClosed(Duration.ofSeconds(10)), "the normal client is closed");
        }
        assertEquals("PONG", admin.ping());
        Poll.await(Duration.ofSeconds(10), () -> clientList(admin.clientList()).size() == 1,
            "only the admin client to remain");

        // The old form replies OK, or an error when no client has that address.
        final Jedis old = jedis();
        final String oldAddr = clientFields(old.clientInfo()).get("addr");
        assertEquals("OK", admin.clientKill(oldAddr));
        final JedisDataException none = assertThrows(JedisDataException.class, () -> admin.clientKill(oldAddr));
        assertEquals("ERR No such client", none.getMessage());
        assertThrows(JedisConnectionException.class, old::ping);

        // A client may kill itself: it gets its reply, then the connection closes.
        try (RawClient self = new RawClient(node.port()))
        {
            final long selfId = Long.parseLong(self.call("CLIENT", "ID").substring(1).trim());
            assertEquals(":1\r\n", self.call("CLIENT", "KILL", "ID", Long.toString(selfId), "SKIPME", "no"));
            assertTrue(self.awaitClosed(Duration.ofSeconds(10)));
        }
    }

    @Test
    void clientPauseHoldsCommandsAsRedisUntilUnpauseOrTimeout() throws Exception
    {
        start();
        try (RawClient admin = new RawClient(node.port());
            RawClient writer = new RawClient(node.port());
            RawClient reader = new RawClient(node.port()))
        {
            assertEquals("+OK\r\n", admin.call("SET", "paused", "before"));
            assertEquals("+OK\r\n", admin.call("CLIENT", "PAUSE", "60000", "WRITE"));
            writer.send(RawClient.multibulk("SET", "paused", "after"));
            assertEquals("$6\r\nbefore\r\n", reader.call("GET", "paused"));
            assertTrue(writer.staysSilent(Duration.ofMillis(300)), "the write waits while writes are paused");
            assertEquals("$6\r\nbefore\r\n", reader.call("GET", "paused"));
            assertEquals("+OK\r\n", admin.call("CLIENT", "UNPAUSE"));
            assertEquals("+OK\r\n", writer.readReply());
            assertEquals("$5\r\nafter\r\n", reader.call("GET", "paused"));

            // PUBLISH and EXEC may replicate: PAUSE WRITE holds them too.
            assertEquals("+OK\r\n", admin.call("CLIENT", "PAUSE", "60000", "WRITE"));
            writer.send(RawClient.multibulk("PUBLISH", "ch", "m"));
            assertEquals("+OK\r\n", reader.call("MULTI"));
            assertEquals("+QUEUED\r\n", reader.call("SET", "paused", "in-tx"));
            reader.send(RawClient.multibulk("EXEC"));
            assertTrue(writer.staysSilent(Duration.ofMillis(300)), "PUBLISH waits");
            assertTrue(reader.staysSilent(Duration.ofMillis(1)), "EXEC waits");
            assertEquals("+OK\r\n", admin.call("CLIENT", "UNPAUSE"));
            assertEquals(":0\r\n", writer.readReply());
            assertEquals("*1\r\n+OK\r\n", reader.readReply());

            // A pause ends by itself after its timeout; PAUSE ALL holds every command, server commands included.
            final long start = System.nanoTime();
            assertEquals("+OK\r\n", admin.call("CLIENT", "PAUSE", "300"));
            reader.send(RawClient.multibulk("PING"));
            writer.send(RawClient.multibulk("GET", "paused"));
            assertEquals("+PONG\r\n", reader.readReply());
            final long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals("$5\r\nin-tx\r\n", writer.readReply());
            assertTrue(waitedMs >= 250, "PAUSE ALL holds PING: " + waitedMs + " ms");
        }
    }

    @Test
    void configGetAndSetChangeTheRunningNode() throws IOException
    {
        start();
        final Jedis jedis = jedis();
        assertEquals(Map.of("timeout", "0"), jedis.configGet("timeout"));
        assertEquals(Map.of("maxclients", "10000"), jedis.configGet("maxclients"));
        assertEquals(Map.of("port", Integer.toString(node.port())), jedis.configGet("port"));
        final Map<String, String> many = jedis.configGet("max*", "timeout");
        assertEquals("10000", many.get("maxclients"));
        assertEquals("0", many.get("timeout"));
        assertEquals("OK", jedis.configSet("timeout", "300"));
        assertEquals(Map.of("timeout", "300"), jedis.configGet("timeout"));
        assertEquals("OK", jedis.configSet("maxclients", "50", "timeout", "0"));
        assertEquals("50", jedis.configGet("maxclients").get("maxclients"));
        assertEquals("0", jedis.configGet("timeout").get("timeout"));

        final JedisDataException unknown = assertThrows(JedisDataException.class,
            () -> jedis.configSet("no-such-option", "1"));
        assertEquals("ERR Unknown option or number of arguments for CONFIG SET - 'no-such-option'",
            unknown.getMessage());
        final JedisDataException invalid = assertThrows(JedisDataException.class,
            () -> jedis.configSet("timeout", "soon"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed " +
            "into an integer", invalid.getMessage());
        final JedisDataException immutable = assertThrows(JedisDataException.class,
            () -> jedis.configSet("port", "1"));
        assertEquals("ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config",
            immutable.getMessage());
        // A failed CONFIG SET changes nothing.
        assertThrows(JedisDataException.class, () -> jedis.configSet("timeout", "7", "maxclients", "0"));
        assertEquals("0", jedis.configGet("timeout").get("timeout"));

        assertEquals("OK", jedis.configSet("requirepass", "sesame"));
        assertEquals(Map.of("requirepass", "sesame"), jedis.configGet("requirepass"));
        assertEquals("PONG", jedis.ping(), "connections authenticated before stay authenticated");
        assertEquals("OK", jedis.configSet("requirepass", ""));
        assertEquals(Map.of("requirepass", ""), jedis.configGet("requirepass"));
    }

    @Test
    void configSetRequirepassLetsUnauthenticatedClientsInOnceCleared() throws IOException
    {
        start(NodeConfig.builder().requirepass("sesame"));
        try (RawClient waiting = new RawClient(node.port()); RawClient admin = new RawClient(node.port()))
        {
            assertEquals("-NOAUTH Authentication required.\r\n", waiting.call("GET", "k"));
            assertEquals("+OK\r\n", admin.call("AUTH", "sesame"));
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "requirepass", ""));
            // server.c authRequired: no password, no authentication needed.
            assertEquals("$-1\r\n", waiting.call("GET", "k"));
        }
    }

    @Test
    void configSetRequirepassRequiresAuthenticationFromNewClients() throws IOException
    {
        start();
        try (RawClient admin = new RawClient(node.port()))
        {
            assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "requirepass", "sesame"));
            try (RawClient newcomer = new RawClient(node.port()))
            {
                assertEquals("-NOAUTH Authentication required.\r\n", newcomer.call("GET", "k"));
                assertEquals("+OK\r\n", newcomer.call("AUTH", "sesame"));
                assertEquals("$-1\r\n", newcomer.call("GET", "k"));
            }
            assertEquals("+PONG\r\n", admin.call("PING"), "connections authenticated before stay authenticated");
        }
    }

    @Test
    void infoReportsRoleClientsPortAndKeyspace()
    {
        start();
        final Jedis jedis = jedis();
        jedis.set("a", "1");
        jedis.set("b", "2");
        jedis.setex("c", 100, "3");
        final Jedis other = jedis();
        other.ping();

        final String all = jedis.info();
        for (final String section : List.of("# Server", "# Clients", "# Memory", "# Persistence", "# Stats",
            "# Replication", "# CPU", "# Keyspace"))
        {
            assertTrue(all.contains(section + "\r\n"), section);
        }
        final String server = jedis.info("server");
        assertTrue(server.startsWith("# Server\r\n"), server);
        assertTrue(server.contains("\r\nredis_version:7.0."), server);
        assertEquals(Integer.toString(node.port()), field(server, "tcp_port"));
        assertEquals(Long.toString(ProcessHandle.current().pid()), field(server, "process_id"));
        assertEquals(40, field(server, "run_id").length());
        assertTrue(!server.contains("# Clients"), "only the asked section");

        assertEquals("2", field(jedis.info("clients"), "connected_clients"));
        final String replication = jedis.info("replication");
        assertEquals("master", field(replication, "role"));
        assertEquals("0", field(replication, "connected_slaves"));
        assertEquals(40, field(replication, "master_replid").length());
        assertTrue(Long.parseLong(field(replication, "master_repl_offset")) > 0);
        assertEquals("keys=3,expires=1,avg_ttl=0", field(jedis.info("keyspace"), "db0"));
        assertTrue(Long.parseLong(field(jedis.info("stats"), "total_commands_processed")) > 5);
        assertEquals("", jedis.info("nosuchsection"));
    }

    @Test
    void totalCommandsProcessedCountsEachCommandOnce() throws IOException
    {
        start();
        try (RawClient client = new RawClient(node.port()))
        {
            final long before = Long.parseLong(field(client.call("INFO", "stats"), "total_commands_processed"));
            // GET waits behind the SET in flight.
            client.sendRaw("SET counted 1\r\nGET counted\r\n");
            assertEquals("+OK\r\n", client.readReply());
            assertEquals("$1\r\n1\r\n", client.readReply());
            final long after = Long.parseLong(field(client.call("INFO", "stats"), "total_commands_processed"));
            assertEquals(3, after - before, "INFO, SET and GET");
        }
    }

    private static String field(final String info, final String name)
    {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + ":([^\r\n]*)\r\n").matcher(info);
        assertTrue(m.find(), name + " in " + info);
        return m.group(1);
    }

    @Test
    void roleTimeEchoAndSelectReplyAsRedis()
    {
        start();
        final Jedis jedis = jedis();
        final List<Object> role = jedis.role();
        assertEquals("master", role.get(0));
        assertEquals(3, role.size());
        assertTrue(role.get(1) instanceof Long);
        assertEquals(List.of(), role.get(2));

        final long before = System.currentTimeMillis();
        final List<String> time = jedis.time();
        final long after = System.currentTimeMillis();
        final long micros = Long.parseLong(time.get(0)) * 1_000_000 + Long.parseLong(time.get(1));
        assertTrue(micros / 1000 >= before - 1 && micros / 1000 <= after + 1, time + " between " + before + " and " +
            after);
        assertTrue(Long.parseLong(time.get(1)) < 1_000_000);

        assertEquals("hello world", jedis.echo("hello world"));
        assertEquals("OK", jedis.select(0));
        final JedisDataException select = assertThrows(JedisDataException.class, () -> jedis.select(1));
        assertEquals("ERR DB index is out of range", select.getMessage());
        assertEquals("PONG", jedis.ping());
    }

    @Test
    void commandCountInfoAndDocsHaveRedisShapes()
    {
        start();
        final Jedis jedis = jedis();
        final long count = jedis.commandCount();
        assertTrue(count > 60, "count " + count);
        final List<String> names = jedis.commandList();
        assertTrue(names.containsAll(List.of("get", "set", "client", "client|kill", "config|get", "ping")), names
            .toString());

        final Map<String, CommandInfo> infos = jedis.commandInfo("get", "set", "nosuchcommand");
        assertEquals(2, infos.get("get").getArity());
        assertEquals(-3, infos.get("set").getArity());
        assertTrue(infos.get("set").getFlags().contains("write"));
        assertEquals(1, infos.get("get").getFirstKey());
        assertEquals(1, infos.get("get").getLastKey());
        assertEquals(1, infos.get("get").getStep());
        assertNull(infos.get("nosuchcommand"));
        // Jedis 5.2 reads the subcommands of COMMAND INFO as names, Redis 7 nests their details: read them raw.
        final List<?> client = (List<?>)((List<?>)jedis.sendCommand(Protocol.Command.COMMAND, "INFO", "client")).get(0);
        assertEquals(10, client.size());
        assertEquals(-2L, client.get(1));
        final List<String> subcommands = new ArrayList<>();
        for (final Object sub : (List<?>)client.get(9))
        {
            subcommands.add(SafeEncoder.encode((byte[])((List<?>)sub).get(0)));
        }
        assertTrue(subcommands.containsAll(List.of("client|kill", "client|list", "client|setname")), subcommands
            .toString());

        final Map<String, CommandDocument> docs = jedis.commandDocs("get", "ping");
        assertEquals("string", docs.get("get").getGroup());
        assertEquals("connection", docs.get("ping").getGroup());
        assertTrue(docs.get("ping").getSummary().length() > 0);
    }

    @Test
    void helloTwoAnswersTheHandshakeAndHelloThreeIsRefused()
    {
        start();
        final Jedis jedis = jedis();
        final List<?> hello = (List<?>)jedis.sendCommand(Protocol.Command.HELLO, "2", "SETNAME", "greeter");
        final Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < hello.size(); i += 2)
        {
            final Object value = hello.get(i + 1);
            fields.put(SafeEncoder.encode((byte[])hello.get(i)),
                value instanceof byte[] ? SafeEncoder.encode((byte[])value) : value);
        }
        assertEquals("redis", fields.get("server"));
        assertTrue(((String)fields.get("version")).startsWith("7.0."));
        assertEquals(2L, fields.get("proto"));
        assertEquals(jedis.clientId(), fields.get("id"));
        assertEquals("standalone", fields.get("mode"));
        assertEquals("master", fields.get("role"));
        assertEquals(List.of(), fields.get("modules"));
        assertEquals("greeter", jedis.clientGetname());
        final JedisDataException noproto = assertThrows(JedisDataException.class,
            () -> jedis.sendCommand(Protocol.Command.HELLO, "3"));
        assertTrue(noproto.getMessage().startsWith("NOPROTO"), noproto.getMessage());
        assertEquals("PONG", jedis.ping(), "still RESP2");
    }
}

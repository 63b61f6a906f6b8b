package io.vigil.replication.interop;

import io.vigil.replication.NodeConfig;
import io.vigil.replication.VigilNode;
import io.vigil.replication.support.RawClient;
import io.vigil.core.rdb.RedisBinaries;
import io.vigil.replication.support.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sends the same server-level requests over raw RESP to a real redis-server 7.0 and to a Vigil node and compares the
 * replies byte for byte. Where Vigil differs on purpose the step says how it is checked instead.
 * <p>
 * Each test is one connection to each server, so state such as MULTI or subscriptions carries from step to step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisDifferentialTest
{
    private static final String PASSWORD = "s3cret";

    private RedisServerProcess redis;
    private RedisServerProcess redisWithPassword;
    private VigilNode vigil;
    private VigilNode vigilWithPassword;

    @BeforeAll
    void start() throws IOException
    {
        final Path redisServer = RedisBinaries.require("redis-server")[0];
        redis = RedisServerProcess.start(redisServer);
        redisWithPassword = RedisServerProcess.start(redisServer, "--requirepass", PASSWORD);
        vigil = VigilNode.start(NodeConfig.builder().port(0).build());
        vigilWithPassword = VigilNode.start(NodeConfig.builder().port(0).requirepass(PASSWORD).build());
    }

    @AfterAll
    void stop() throws IOException
    {
        if (vigil != null)
        {
            vigil.close();
        }
        if (vigilWithPassword != null)
        {
            vigilWithPassword.close();
        }
        if (redis != null)
        {
            redis.close();
        }
        if (redisWithPassword != null)
        {
            redisWithPassword.close();
        }
    }

    /** How a step's replies are compared. */
    private enum Check
    {
        /** Byte for byte. */
        SAME,
        /** Byte for byte once the client ID in a HELLO reply is masked. */
        SAME_BUT_ID,
        /** Both are integers. */
        BOTH_INTEGERS,
        /** Sent to Vigil only, which answers NOPROTO: RESP3 is not implemented. */
        VIGIL_NOPROTO
    }

    private record Step(byte[] request, int replies, Check check, String text)
    {
    }

    private static Step step(final String... args)
    {
        return new Step(RawClient.multibulk(args), 1, Check.SAME, String.join(" ", args));
    }

    private static Step step(final int replies, final String... args)
    {
        return new Step(RawClient.multibulk(args), replies, Check.SAME, String.join(" ", args));
    }

    private static Step step(final Check check, final String... args)
    {
        return new Step(RawClient.multibulk(args), 1, check, String.join(" ", args));
    }

    /**
     * Several requests in one write, and the number of replies they get in all.
     */
    private static Step pipeline(final int replies, final String[]... commands)
    {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        final List<String> text = new ArrayList<>();
        for (final String[] command : commands)
        {
            bytes.writeBytes(RawClient.multibulk(command));
            text.add(String.join(" ", command));
        }
        return new Step(bytes.toByteArray(), replies, Check.SAME, String.join(" | ", text));
    }

    private static String[] cmd(final String... args)
    {
        return args;
    }

    private void compare(final boolean withPassword, final Step... steps) throws IOException
    {
        final List<String> differences = new ArrayList<>();
        try (RawClient r = new RawClient(withPassword ? redisWithPassword.port() : redis.port());
            RawClient v = new RawClient(withPassword ? vigilWithPassword.port() : vigil.port()))
        {
            for (final Step step : steps)
            {
                if (step.check() == Check.VIGIL_NOPROTO)
                {
                    // Redis would switch this connection to RESP3.
                    v.send(step.request());
                    final String actual = v.readReply();
                    if (!actual.startsWith("-NOPROTO "))
                    {
                        differences.add(step.text() + "\n    vigil: " + escape(actual));
                    }
                    continue;
                }
                r.send(step.request());
                v.send(step.request());
                for (int i = 0; i < step.replies(); i++)
                {
                    final String expected = r.readReply();
                    final String actual = v.readReply();
                    final boolean ok = switch (step.check())
                    {
                        case SAME -> expected.equals(actual);
                        case SAME_BUT_ID -> maskId(expected).equals(maskId(actual));
                        case BOTH_INTEGERS -> expected.startsWith(":") && actual.startsWith(":");
                        case VIGIL_NOPROTO -> throw new IllegalStateException("sent to Vigil only");
                    };
                    if (!ok)
                    {
                        differences.add(step.text() + "\n    redis: " + escape(expected) + "\n    vigil: " +
                            escape(actual));
                    }
                }
            }
        }
        assertTrue(differences.isEmpty(), () -> "replies differ:\n" + String.join("\n", differences));
    }

    private static String maskId(final String reply)
    {
        return reply.replaceAll("\\$2\r\nid\r\n:\\d+\r\n", "\\$2\r\nid\r\n:N\r\n");
    }

    private static String escape(final String s)
    {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    @Test
    void connectionCommandsReplyAsRedis() throws IOException
    {
        compare(false,
            step("PING"),
            step("PING", "hello"),
            step("PING", "a", "b"),
            step("ping"),
            step("ECHO"),
            step("ECHO", "hi"),
            step("ECHO", "a", "b"),
            step("ECHO", "bin\u0000\u00ff"),
            step("SELECT", "0"),
            step("SELECT", "x"),
            step("SELECT", "-1"),
            step("SELECT", "+0"),
            step("SELECT", "00"),
            step("SELECT", "99999999999"),
            step("SELECT", "16"),
            step("SELECT"),
            step("AUTH"),
            step("AUTH", "foo"),
            step("AUTH", "default", "foo"),
            step("AUTH", "a", "b", "c"),
            step("TIME", "x"),
            step("ROLE", "x"),
            step("LASTSAVE", "x"),
            step("QUIT", "x"));
    }

    @Test
    void clientSubcommandsReplyAsRedis() throws IOException
    {
        compare(false,
            step("CLIENT"),
            step("CLIENT", "FOO"),
            step("CLIENT", "SETNAME"),
            step("CLIENT", "SETNAME", "a b"),
            step("CLIENT", "SETNAME", "bad\u0001"),
            step("CLIENT", "SETNAME", "caf\u00e9"),
            step("CLIENT", "SETNAME", "a", "b"),
            step("CLIENT", "GETNAME"),
            step("CLIENT", "SETNAME", "good"),
            step("CLIENT", "GETNAME"),
            step("CLIENT", "GETNAME", "x"),
            step("CLIENT", "SETNAME", ""),
            step("CLIENT", "GETNAME"),
            step(Check.BOTH_INTEGERS, "CLIENT", "ID"),
            step("CLIENT", "ID", "x"),
            step("CLIENT", "INFO", "x"),
            step("CLIENT", "HELP", "x"),
            step("CLIENT", "UNPAUSE", "x"),
            step("CLIENT", "KILL"),
            step("CLIENT", "KILL", "ID"),
            step("CLIENT", "KILL", "ID", "abc"),
            step("CLIENT", "KILL", "ID", "0"),
            step("CLIENT", "KILL", "ID", "999999"),
            step("CLIENT", "KILL", "ID", "abc", "TYPE"),
            step("CLIENT", "KILL", "TYPE", "normal", "ID"),
            step("CLIENT", "KILL", "TYPE", "nosuch"),
            step("CLIENT", "KILL", "FOO", "bar"),
            step("CLIENT", "KILL", "USER", "nosuch"),
            step("CLIENT", "KILL", "SKIPME", "maybe"),
            step("CLIENT", "KILL", "MAXAGE", "1"),
            step("CLIENT", "KILL", "1.2.3.4:5"),
            step("CLIENT", "KILL", "ADDR", "1.2.3.4:5", "SKIPME", "no"),
            step("CLIENT", "LIST", "TYPE", "foo"),
            step("CLIENT", "LIST", "ID", "abc"),
            step("CLIENT", "LIST", "ID"),
            step("CLIENT", "LIST", "FOO"),
            step("CLIENT", "LIST", "ID", "999999"),
            step("CLIENT", "PAUSE"),
            step("CLIENT", "PAUSE", "x"),
            step("CLIENT", "PAUSE", "-1"),
            step("CLIENT", "PAUSE", "x", "FOO"),
            step("CLIENT", "PAUSE", "10", "WRITE", "x"),
            step("CLIENT", "NO-EVICT", "maybe"),
            step("CLIENT", "NO-EVICT", "on"),
            step("CLIENT", "NO-EVICT"));
    }

    @Test
    void transactionErrorsReplyAsRedis() throws IOException
    {
        compare(false,
            step("DEL", "diff:tx"),
            step("EXEC"),
            step("DISCARD"),
            step("MULTI"),
            step("MULTI"),
            step("SET", "diff:tx", "1"),
            step("INCR", "diff:tx"),
            step("EXEC"),
            step("MULTI"),
            step("SET", "diff:tx", "2"),
            step("GET"),
            step("EXEC"),
            step("GET", "diff:tx"),
            step("MULTI"),
            step("NOSUCH", "x"),
            step("SET", "diff:tx", "3"),
            step("EXEC"),
            step("MULTI"),
            step("WATCH", "diff:tx"),
            step("DISCARD"),
            step("MULTI"),
            step("EXEC", "x"),
            step("EXEC"),
            step("MULTI", "x"),
            step("DISCARD", "x"),
            step("WATCH"),
            step("UNWATCH", "x"),
            step("WATCH", "diff:tx"),
            step("UNWATCH"),
            step("MULTI"),
            step("EXEC"),
            step("GET", "diff:tx"),
            step("MULTI"),
            step("SET", "diff:tx", "text"),
            step("INCR", "diff:tx"),
            step("GET", "diff:tx"),
            step("EXEC"));
    }

    @Test
    void pipelinedRequestsMixingWritesAndServerCommandsReplyInOrder() throws IOException
    {
        compare(false,
            pipeline(15,
                cmd("DEL", "diff:p"),
                cmd("SET", "diff:p", "1"),
                cmd("CLIENT", "SETNAME", "piped"),
                cmd("INCR", "diff:p"),
                cmd("CLIENT", "GETNAME"),
                cmd("GET", "diff:p"),
                cmd("MULTI"),
                cmd("INCR", "diff:p"),
                cmd("GET", "diff:p"),
                cmd("EXEC"),
                cmd("ECHO", "after exec"),
                cmd("INCR", "diff:p"),
                cmd("SELECT", "0"),
                cmd("NOSUCH"),
                cmd("GET", "diff:p")),
            pipeline(6,
                cmd("SET", "diff:p", "sub"),
                cmd("SUBSCRIBE", "diff:pc"),
                cmd("GET", "diff:p"),
                cmd("PING"),
                cmd("UNSUBSCRIBE", "diff:pc"),
                cmd("GET", "diff:p")),
            pipeline(3,
                cmd("SUBSCRIBE", "diff:pc"),
                cmd("RESET"),
                cmd("GET", "diff:p")),
            pipeline(3,
                cmd("SET", "diff:p", "bye"),
                cmd("GET", "diff:p"),
                cmd("QUIT"),
                cmd("GET", "diff:p")));
    }

    @Test
    void subscribedContextRepliesAsRedis() throws IOException
    {
        compare(false,
            step(2, "SUBSCRIBE", "diff:ch1", "diff:ch2"),
            step("GET", "a"),
            step("SET", "a", "b"),
            step("GET"),
            step("NOSUCH"),
            step("PING"),
            step("PING", "x"),
            step("PING", "a", "b"),
            step("CLIENT", "LIST"),
            step("CLIENT", "NOSUCH"),
            step("CONFIG", "GET", "timeout"),
            step("COMMAND", "INFO", "get"),
            step("INFO"),
            step("MULTI"),
            step("EXEC"),
            step("EXEC", "x"),
            step("SUBSCRIBE"),
            step("PSUBSCRIBE", "diff:p*"),
            step(2, "UNSUBSCRIBE", "diff:ch1", "diff:ch2"),
            step("GET", "a"),
            step("PUNSUBSCRIBE", "diff:p*"),
            step("PING"),
            step("UNSUBSCRIBE"),
            step("PUNSUBSCRIBE"),
            step("UNSUBSCRIBE", "diff:never"),
            step("PUBLISH", "diff:nobody", "m"),
            step("PUBLISH", "diff:nobody"));
    }

    @Test
    void unknownCommandsAndArityErrorsReplyAsRedis() throws IOException
    {
        compare(false,
            step("FOOBAR"),
            step("FOOBAR", "a", "b", "c"),
            step("\u00e9t\u00e9", "\u0001\u00ff"),
            step("X".repeat(200), "y".repeat(100), "z".repeat(100)),
            step("GET"),
            step("SET", "a"),
            step("MGET"),
            step("EXPIRE", "a"),
            step("INFO", "nosuchsection"),
            step("PUBSUB"),
            step("PUBSUB", "FOO"),
            step("PUBSUB", "CHANNELS", "a", "b"),
            step("PUBSUB", "NUMPAT", "x"),
            step("PUBSUB", "NUMSUB"),
            step("PUBSUB", "NUMSUB", "diff:nobody"),
            step("PUBSUB", "HELP", "x"),
            step("COMMAND", "COUNT", "x"),
            step("COMMAND", "FOO"),
            step("COMMAND", "LIST", "x", "y"),
            step("COMMAND", "LIST", "FILTERBY", "foo", "x"),
            step("COMMAND", "LIST", "FILTERBY", "MODULE", "x"),
            step("COMMAND", "INFO", "nosuchcommand"),
            step("COMMAND", "DOCS", "nosuchcommand"),
            step("SHUTDOWN", "foo"),
            step("SHUTDOWN", "ABORT"));
    }

    @Test
    void configErrorsReplyAsRedis() throws IOException
    {
        compare(false,
            step("CONFIG"),
            step("CONFIG", "FOO"),
            step("CONFIG", "GET"),
            step("CONFIG", "GET", "nosuch"),
            step("CONFIG", "GET", "TIMEOUT"),
            step("CONFIG", "GET", "maxclients"),
            step("CONFIG", "SET", "timeout"),
            step("CONFIG", "SET", "timeout", "0", "maxclients"),
            step("CONFIG", "SET", "nosuch", "1"),
            step("CONFIG", "SET", "NoSuch", "1"),
            step("CONFIG", "SET", "timeout", "abc", "nosuch", "1"),
            step("CONFIG", "SET", "timeout", "0", "timeout", "0"),
            step("CONFIG", "SET", "timeout", "abc"),
            step("CONFIG", "SET", "timeout", "-1"),
            step("CONFIG", "SET", "TIMEOUT", "0"),
            step("CONFIG", "SET", "maxclients", "0"),
            step("CONFIG", "SET", "maxclients", "abc"),
            step("CONFIG", "SET", "protected-mode", "maybe"),
            step("CONFIG", "SET", "proto-max-bulk-len", "1"),
            step("CONFIG", "SET", "proto-max-bulk-len", "1x"),
            step("CONFIG", "SET", "daemonize", "yes"),
            step("CONFIG", "SET", "timeout", "abc", "daemonize", "yes"),
            step("CONFIG", "RESETSTAT", "x"),
            step("CONFIG", "REWRITE", "x"),
            step("CONFIG", "HELP", "x"));
    }

    @Test
    void helloRepliesAsRedisExceptForResp3() throws IOException
    {
        compare(false,
            step("HELLO", "x"),
            step("HELLO", "1"),
            step("HELLO", "4"),
            step("HELLO", "02"),
            step("HELLO", "2", "FOO"),
            step("HELLO", "2", "AUTH", "default"),
            step("HELLO", "2", "SETNAME"),
            step("HELLO", "2", "SETNAME", "bad\u0001"),
            step("HELLO", "2", "AUTH", "nosuchuser", "x"),
            step(Check.SAME_BUT_ID, "HELLO"),
            step(Check.SAME_BUT_ID, "HELLO", "2"),
            step(Check.SAME_BUT_ID, "HELLO", "2", "AUTH", "default", "anything", "SETNAME", "hi"),
            step("CLIENT", "GETNAME"),
            step(Check.SAME_BUT_ID, "HELLO", "2", "SETNAME", ""),
            step("CLIENT", "GETNAME"),
            step(Check.VIGIL_NOPROTO, "HELLO", "3"));
    }

    @Test
    void authenticationRepliesAsRedis() throws IOException
    {
        compare(true,
            step("NOSUCH"),
            step("GET"),
            step("GET", "a"),
            step("CLIENT", "NOSUCH"),
            step("CLIENT", "KILL"),
            step("CLIENT", "ID"),
            step("PING"),
            step("PING", "a", "b"),
            step("HELLO"),
            step("HELLO", "2"),
            step("HELLO", "2", "SETNAME", "x"),
            step("EXEC"),
            step("EXEC", "x"),
            step("MULTI"),
            step("SUBSCRIBE", "x"),
            step("AUTH"),
            step("AUTH", "a", "b", "c"),
            step("AUTH", "wrong"),
            step("AUTH", "default", "wrong"),
            step("AUTH", "nosuchuser", PASSWORD),
            step("HELLO", "2", "AUTH", "default", "wrong"),
            step("AUTH", PASSWORD),
            step("DEL", "diff:auth"),
            step("GET", "diff:auth"),
            step("RESET"),
            step("GET", "diff:auth"),
            step(Check.SAME_BUT_ID, "HELLO", "2", "AUTH", "default", PASSWORD, "SETNAME", "good"),
            step("CLIENT", "GETNAME"),
            step("RESET"),
            step("AUTH", "default", PASSWORD),
            step("PING"));
    }

    @Test
    void protocolErrorsReplyAsRedisAndClose() throws IOException
    {
        final String[] inputs = {
            "*x\r\n",
            "*1\r\n$x\r\n",
            "*1\r\n$-1\r\n",
            "*1\r\nx\r\n",
            "*1\r\n$536870913\r\n",
            "*2147483648\r\n",
            "ECHO \"abc\r\n",
            "ECHO 'abc\r\n",
            "ECHO \"abc\"d\r\n",
            "PING\r\nECHO \"unbalanced\r\nPING\r\n",
            "*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n*z\r\n",
            "\r\n\r\n*0\r\n*-1\r\nPING\r\n*1\r\n$4\r\nPING\r\n*y\r\n",
            "A".repeat(70_000),
            "*" + "1".repeat(70_000),
            "*1\r\n$" + "1".repeat(70_000),
        };
        final List<String> differences = new ArrayList<>();
        for (final String input : inputs)
        {
            final String expected;
            final String actual;
            try (RawClient r = new RawClient(redis.port()); RawClient v = new RawClient(vigil.port()))
            {
                r.sendRaw(input);
                v.sendRaw(input);
                expected = r.readUntilClosed(Duration.ofSeconds(5));
                actual = v.readUntilClosed(Duration.ofSeconds(5));
            }
            if (!expected.equals(actual))
            {
                differences.add(escape(input.length() > 60 ? input.substring(0, 60) + "..." : input) +
                    "\n    redis: " + escape(expected) + "\n    vigil: " + escape(actual));
            }
        }
        assertTrue(differences.isEmpty(), () -> "replies differ:\n" + String.join("\n", differences));
    }

    @Test
    void unauthenticatedLimitsReplyAsRedis() throws IOException
    {
        final String[] inputs = {
            "*11\r\n",
            "*1\r\n$16385\r\n",
            "*2\r\n$4\r\nAUTH\r\n$16384\r\n" + "a".repeat(16_384) + "\r\n*11\r\n",
        };
        final List<String> differences = new ArrayList<>();
        for (final String input : inputs)
        {
            final String expected;
            final String actual;
            try (RawClient r = new RawClient(redisWithPassword.port());
                RawClient v = new RawClient(vigilWithPassword.port()))
            {
                r.sendRaw(input);
                v.sendRaw(input);
                expected = r.readUntilClosed(Duration.ofSeconds(5));
                actual = v.readUntilClosed(Duration.ofSeconds(5));
            }
            if (!expected.equals(actual))
            {
                differences.add(escape(input.substring(0, Math.min(60, input.length()))) +
                    "\n    redis: " + escape(expected) + "\n    vigil: " + escape(actual));
            }
        }
        assertTrue(differences.isEmpty(), () -> "replies differ:\n" + String.join("\n", differences));
    }
}

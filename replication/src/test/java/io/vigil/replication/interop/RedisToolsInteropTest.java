package io.vigil.replication.interop;

import io.vigil.replication.NodeConfig;
import io.vigil.replication.VigilNode;
import io.vigil.core.rdb.RedisBinaries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's redis-cli and redis-benchmark (7.0) against a node. Skipped with the reason shown when they are missing,
 * failed instead when {@code CI=true}.
 */
class RedisToolsInteropTest
{
    private static final long PROCESS_TIMEOUT_SECONDS = 60;

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

    private record Result(int exitCode, String stdout, String stderr)
    {
    }

    private static Result run(final String stdin, final List<String> command) throws IOException, InterruptedException
    {
        final Path out = Files.createTempFile("vigil-tool", ".out");
        final Path err = Files.createTempFile("vigil-tool", ".err");
        final Path in = Files.createTempFile("vigil-tool", ".in");
        try
        {
            Files.writeString(in, stdin == null ? "" : stdin, StandardCharsets.ISO_8859_1);
            final Process process = new ProcessBuilder(command)
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
            if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(command + " did not finish in " + PROCESS_TIMEOUT_SECONDS + " s; output: " +
                    Files.readString(out, StandardCharsets.ISO_8859_1));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
        }
        finally
        {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.deleteIfExists(in);
        }
    }

    private Result cli(final String stdin, final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(
            RedisBinaries.require("redis-cli")[0].toString(), "-h", "127.0.0.1", "-p", Integer.toString(node.port())));
        command.addAll(List.of(args));
        return run(stdin, command);
    }

    private String cliOk(final String... args) throws IOException, InterruptedException
    {
        final Result result = cli(null, args);
        assertEquals(0, result.exitCode(), () -> List.of(args) + ": " + result);
        return result.stdout();
    }

    @Test
    void redisCliRunsCommandsInRawAndFormattedOutput() throws Exception
    {
        start(NodeConfig.builder());
        assertEquals("PONG\n", cliOk("ping"));
        assertEquals("OK\n", cliOk("set", "greeting", "hello world"));
        // Output to a pipe is raw unless --no-raw asks for the terminal format.
        assertEquals("hello world\n", cliOk("get", "greeting"));
        assertEquals("hello world\n", cliOk("--raw", "get", "greeting"));
        assertEquals("\"hello world\"\n", cliOk("--no-raw", "get", "greeting"));
        assertEquals("(integer) 1\n", cliOk("--no-raw", "incr", "n"));
        assertEquals("2\n", cliOk("--raw", "incr", "n"));
        assertEquals("(nil)\n", cliOk("--no-raw", "get", "missing"));
        assertEquals("1) \"hello world\"\n2) (nil)\n3) \"2\"\n", cliOk("--no-raw", "mget", "greeting", "missing", "n"));
        assertEquals("(error) ERR value is not an integer or out of range\n",
            cliOk("--no-raw", "incr", "greeting"));
        // redis-cli's raw output ends an error with an empty line.
        assertEquals("ERR unknown command 'nosuch', with args beginning with: 'x' \n\n", cliOk("nosuch", "x"));
        assertEquals("1\n2\n3\n", cliOk("-r", "3", "incr", "repeated"));

        final String replication = cliOk("info", "replication");
        assertTrue(replication.contains("role:master"), replication);
        final String server = cliOk("info", "server");
        assertTrue(server.contains("tcp_port:" + node.port()), server);
        final String clients = cliOk("client", "list");
        assertTrue(clients.contains("addr=127.0.0.1:") && clients.contains("cmd=client|list"), clients);
        assertEquals("OK\n", cliOk("client", "setname", "x"));
        assertEquals("master\n0\n\n", cliOk("role"));
    }

    @Test
    void redisCliReadsCommandsAndValuesFromStdin() throws Exception
    {
        start(NodeConfig.builder());
        final Result lines = cli("set a 1\nincr a\nget a\nset \"quoted key\" \"two words\"\nget \"quoted key\"\n");
        assertEquals(0, lines.exitCode(), lines.toString());
        assertEquals("OK\n2\n2\nOK\ntwo words\n", lines.stdout());

        final Result x = cli("from stdin", "-x", "set", "piped");
        assertEquals(0, x.exitCode(), x.toString());
        assertEquals("from stdin\n", cliOk("get", "piped"));

        final StringBuilder scanKeys = new StringBuilder();
        for (int i = 0; i < 50; i++)
        {
            scanKeys.append("set scan:").append(i).append(" v\n");
        }
        assertEquals(0, cli(scanKeys.toString()).exitCode());
        final String scanned = cliOk("--scan", "--pattern", "scan:*");
        assertEquals(50, scanned.lines().distinct().count(), scanned);
    }

    @Test
    void redisCliPipeModeLoadsEveryCommand() throws Exception
    {
        start(NodeConfig.builder());
        final StringBuilder protocol = new StringBuilder();
        final int count = 10_000;
        for (int i = 0; i < count; i++)
        {
            final String key = "pipe:" + i;
            final String value = "value-" + i;
            protocol.append("*3\r\n$3\r\nSET\r\n$").append(key.length()).append("\r\n").append(key).append("\r\n$")
                .append(value.length()).append("\r\n").append(value).append("\r\n");
        }
        final Result result = cli(protocol.toString(), "--pipe");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("errors: 0, replies: " + count), result.stdout());
        assertEquals(count + "\n", cliOk("dbsize"));
        assertEquals("value-9999\n", cliOk("get", "pipe:9999"));
    }

    @Test
    void redisCliAuthenticatesWithAPassword() throws Exception
    {
        start(NodeConfig.builder().requirepass("cli-pw"));
        assertEquals("NOAUTH Authentication required.\n\n", cliOk("get", "k"));
        assertEquals("PONG\n", cliOk("-a", "cli-pw", "--no-auth-warning", "ping"));
        final Result wrong = cli(null, "-a", "wrong", "--no-auth-warning", "ping");
        assertEquals("AUTH failed: WRONGPASS invalid username-password pair or user is disabled.\n", wrong.stderr());
        assertEquals("NOAUTH Authentication required.\n\n", wrong.stdout());
    }

    private void benchmark(final String... extra) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(RedisBinaries.require("redis-benchmark")[0].toString(),
            "-h", "127.0.0.1", "-p", Integer.toString(node.port()), "-t", "set,get", "-n", "20000", "-c", "20", "-q"));
        command.addAll(List.of(extra));
        final Result result = run(null, command);
        assertEquals(0, result.exitCode(), result.toString());
        final List<String> lines = result.stdout().lines().map(l -> l.replaceAll(".*\r", "")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("SET: ") && l.contains("requests per second")),
            result.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("GET: ") && l.contains("requests per second")),
            result.stdout());
        assertTrue(!result.stderr().contains("ERR"), result.stderr());
    }

    @Test
    void redisBenchmarkRunsSetAndGet() throws Exception
    {
        start(NodeConfig.builder());
        benchmark();
        // Without -r every request uses one key.
        assertEquals("1\n", cliOk("dbsize"));
        // -d 3 by default: three bytes of data.
        assertEquals("3\n", cliOk("strlen", "key:__rand_int__"));
    }

    @Test
    void redisBenchmarkRunsPipelinedOverRandomKeys() throws Exception
    {
        start(NodeConfig.builder());
        benchmark("-P", "16", "-r", "1000");
        final long keys = Long.parseLong(cliOk("dbsize").trim());
        assertTrue(keys > 100 && keys <= 1000, "keys " + keys);
        final String key = cliOk("randomkey").trim();
        assertTrue(key.startsWith("key:"), key);
        assertEquals("3\n", cliOk("strlen", key));
    }
}

package io.vigil.examples;

import io.vigil.core.rdb.RedisBinaries;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
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
 * Drives the packaged {@code vigil.jar} as an operator would with Debian's redis-cli and redis-benchmark: the checks
 * of the runbook (PING, SET then GET, INFO replication, SHUTDOWN), a benchmark run, and configuration errors.
 */
class VigilJarIT
{
    private static final Path JAR = Path.of("target", "vigil.jar");

    @TempDir
    Path dir;

    private Process vigil;

    @AfterEach
    void stop()
    {
        if (vigil != null && vigil.isAlive())
        {
            vigil.destroyForcibly();
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String run(final long timeoutSeconds, final String... command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        final byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            fail("timed out: " + String.join(" ", command));
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    private Process startVigil(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
    }

    private void awaitPing(final Path cli, final int port) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline)
        {
            if (run(5, cli.toString(), "-p", Integer.toString(port), "ping").trim().equals("PONG"))
            {
                return;
            }
            if (!vigil.isAlive())
            {
                fail("vigil.jar exited: " + Files.readString(dir.resolve("stdout.txt")));
            }
            Thread.sleep(50);
        }
        fail("vigil.jar did not answer PING on port " + port);
    }

    @Test
    void shouldPassTheRunbookChecksWithRedisCliAndExitZeroOnShutdown() throws Exception
    {
        final Path[] bin = RedisBinaries.require("redis-cli", "redis-benchmark");
        final Path cli = bin[0];
        final int port = freePort();
        final Path conf = dir.resolve("redis.conf");
        final Path log = dir.resolve("vigil.log");
        Files.writeString(conf, "bind 127.0.0.1\nprotected-mode no\nport 6379\n" +
            "logfile \"" + log + "\" #this is where you want to save your redis-server log\n");
        vigil = startVigil(conf.toString(), "--port", Integer.toString(port));
        awaitPing(cli, port);

        final String p = Integer.toString(port);
        assertEquals("OK", run(10, cli.toString(), "-p", p, "set", "key", "value").trim());
        assertEquals("value", run(10, cli.toString(), "-p", p, "get", "key").trim());
        final String info = run(10, cli.toString(), "-p", p, "info", "replication");
        assertTrue(info.contains("role:master"), info);
        assertTrue(info.contains("master_repl_offset:"), info);
        assertTrue(run(10, cli.toString(), "-p", p, "info", "server").contains("tcp_port:" + port));

        final String bench = run(120, bin[1].toString(), "-p", p, "-t", "set,get", "-n", "20000", "-c", "20", "-q");
        assertTrue(bench.contains("SET: ") && bench.contains("GET: ") && bench.contains("requests per second"),
            bench);
        assertEquals("1", run(10, cli.toString(), "-p", p, "exists", "key:__rand_int__").trim());

        run(10, cli.toString(), "-p", p, "shutdown");
        assertTrue(vigil.waitFor(20, TimeUnit.SECONDS), "vigil.jar did not exit after SHUTDOWN");
        assertEquals(0, vigil.exitValue());
        final String logged = Files.readString(log);
        assertTrue(logged.contains("Redis 7 refuses this line"), logged);
        assertTrue(logged.contains("ready to accept connections"), logged);
    }

    @Test
    void shouldRefuseABadDirectiveWithRedisFatalErrorAndExitOne() throws Exception
    {
        final Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "port 6379\nlogfile \"/tmp/x\" extra\n");
        final String output = run(30, java(), "-jar", JAR.toString(), conf.toString());
        assertTrue(output.contains("*** FATAL CONFIG FILE ERROR"), output);
        assertTrue(output.contains("Reading the configuration file, at line 2"), output);
        assertTrue(output.contains(">>> 'logfile \"/tmp/x\" extra'"), output);
        assertTrue(output.contains("wrong number of arguments"), output);

        final Process process = new ProcessBuilder(java(), "-jar", JAR.toString(), "--port", "abc")
            .redirectErrorStream(true).start();
        final String portError = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), portError);
        assertTrue(portError.contains("argument couldn't be parsed into an integer"), portError);
    }
}

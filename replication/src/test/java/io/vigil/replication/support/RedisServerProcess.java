package io.vigil.replication.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} on an ephemeral port, without persistence, for differential tests. Not threadsafe.
 */
public final class RedisServerProcess implements AutoCloseable
{
    private final Process process;
    private final Path dir;
    private final int port;

    private RedisServerProcess(final Process process, final Path dir, final int port)
    {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Start redis-server and wait until it answers PING.
     *
     * @param executable path of redis-server.
     * @param extraArgs  further configuration, such as {@code "--requirepass", "pw"}.
     * @return the running server.
     * @throws IOException if it cannot be started or does not answer in time.
     */
    public static RedisServerProcess start(final Path executable, final String... extraArgs) throws IOException
    {
        final Path dir = Files.createTempDirectory("vigil-redis");
        IOException failure = null;
        // A port found free may be taken before redis-server binds it: try a few.
        for (int attempt = 0; attempt < 5; attempt++)
        {
            final int port;
            try (ServerSocket probe = new ServerSocket(0))
            {
                port = probe.getLocalPort();
            }
            final List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", dir.toString(), "--daemonize", "no", "--loglevel", "warning"));
            command.addAll(List.of(extraArgs));
            final Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
            final RedisServerProcess server = new RedisServerProcess(process, dir, port);
            if (server.awaitReady(Duration.ofSeconds(10)))
            {
                return server;
            }
            failure = new IOException("redis-server did not start on port " + port + ": " +
                Files.readString(dir.resolve("redis.log")));
            server.stop();
        }
        throw failure;
    }

    private boolean awaitReady(final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive())
        {
            try (RawClient client = new RawClient(port))
            {
                final String reply = client.call("PING");
                // With requirepass PING is refused, which still shows the server is up.
                if (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"))
                {
                    return true;
                }
            }
            catch (final IOException ex)
            {
                Thread.onSpinWait();
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /**
     * @return the port it listens on.
     */
    public int port()
    {
        return port;
    }

    private void stop()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public void close() throws IOException
    {
        stop();
        try (var files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }
}

package io.vigil.core.rdb;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on an ephemeral loopback port, for interoperability tests, with a
 * {@code redis-cli} wrapper to talk to it. Persistence is off except for an explicit {@code SAVE}; the RDB file
 * in the given directory is loaded at start if present.
 * <p>
 * Every wait is bounded and {@link #close()} always ends the process. Obtain the binaries with
 * {@link RedisBinaries#require(String...)} so a missing Redis skips the test.
 * <p>
 * This class is not threadsafe.
 */
public final class LocalRedisServer implements AutoCloseable
{
    private static final long START_TIMEOUT_MS = 10_000;
    private static final long COMMAND_TIMEOUT_MS = 10_000;
    private static final int START_ATTEMPTS = 3;

    private final Path redisCli;
    private final Path dir;
    private final Path log;
    private final int port;
    private final Process process;

    private LocalRedisServer(
        final Path redisCli, final Path dir, final Path log, final int port, final Process process)
    {
        this.redisCli = redisCli;
        this.dir = dir;
        this.log = log;
        this.port = port;
        this.process = process;
    }

    /**
     * Start {@code redis-server} with {@code dir} as working directory and {@code dbFilename} as RDB file, and wait
     * until it answers PING.
     *
     * @param redisServer path of {@code redis-server}.
     * @param redisCli    path of {@code redis-cli}.
     * @param dir         directory for the RDB file and the server log.
     * @param dbFilename  RDB file name inside {@code dir}.
     * @param extraArgs   further configuration, such as {@code "--rdbcompression", "yes"}.
     * @return the running server.
     * @throws IOException if it cannot be started or does not answer in time; the message includes its log.
     */
    public static LocalRedisServer start(
        final Path redisServer,
        final Path redisCli,
        final Path dir,
        final String dbFilename,
        final String... extraArgs) throws IOException
    {
        IOException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++)
        {
            // The port may be taken between closing the probe socket and the server binding it, so retry.
            final int port = freePort();
            final Path log = dir.resolve("redis-" + port + ".log");
            final List<String> command = new ArrayList<>(List.of(
                redisServer.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--dir", dir.toString(),
                "--dbfilename", dbFilename,
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no"));
            command.addAll(Arrays.asList(extraArgs));

            final Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            final LocalRedisServer server = new LocalRedisServer(redisCli, dir, log, port, process);
            try
            {
                server.awaitPing();
                return server;
            }
            catch (final IOException ex)
            {
                server.close();
                failure = ex;
            }
        }

        throw failure;
    }

    /**
     * @return the port the server listens on.
     */
    public int port()
    {
        return port;
    }

    /**
     * Run {@code redis-cli --raw -p <port> args...}.
     *
     * @param args command and arguments.
     * @return standard output, for a bulk string reply its bytes followed by a newline.
     * @throws IOException if redis-cli fails or times out.
     */
    public byte[] cli(final String... args) throws IOException
    {
        return cliWithStdin(null, args);
    }

    /**
     * Run {@code redis-cli --raw -p <port> args...} as text, without the trailing newline.
     *
     * @param args command and arguments.
     * @return standard output as UTF-8, trailing newline removed.
     * @throws IOException if redis-cli fails or times out.
     */
    public String cliText(final String... args) throws IOException
    {
        final String out = new String(cli(args), StandardCharsets.UTF_8);
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }

    /**
     * Run {@code redis-cli --raw -p <port> -x args...}, where {@code -x} makes {@code stdin} the last argument,
     * which is how binary arguments are passed.
     *
     * @param stdin bytes of the last argument, or null to pass none.
     * @param args  command and leading arguments.
     * @return standard output.
     * @throws IOException if redis-cli fails or times out.
     */
    public byte[] cliWithStdin(final byte[] stdin, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(redisCli.toString(), "--raw", "-p",
            Integer.toString(port)));
        if (stdin != null)
        {
            command.add("-x");
        }
        command.addAll(Arrays.asList(args));

        final Path input = Files.createTempFile(dir, "cli-in", ".bin");
        final Path output = Files.createTempFile(dir, "cli-out", ".bin");
        try
        {
            Files.write(input, stdin == null ? new byte[0] : stdin);
            final Process cli = new ProcessBuilder(command)
                .redirectInput(input.toFile())
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            try
            {
                if (!cli.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                {
                    throw new IOException("redis-cli timed out: " + command);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted running " + command, ex);
            }
            finally
            {
                cli.destroyForcibly();
            }
            if (cli.exitValue() != 0)
            {
                throw new IOException("redis-cli exited " + cli.exitValue() + ": " + command);
            }
            return Files.readAllBytes(output);
        }
        finally
        {
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
    }

    /**
     * @return the server's output so far, for assertion messages.
     */
    public String log()
    {
        try
        {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "(log unavailable: " + ex + ")";
        }
    }

    /**
     * Ask the server to shut down without saving, then make sure the process is gone.
     */
    public void close()
    {
        try
        {
            if (process.isAlive())
            {
                cli("shutdown", "nosave");
            }
        }
        catch (final IOException ignore)
        {
            // redis-cli reports an error when the connection drops during shutdown; the process is ended below.
        }

        try
        {
            if (!process.waitFor(5, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitPing() throws IOException
    {
        final long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline)
        {
            if (!process.isAlive())
            {
                throw new IOException("redis-server exited with " + process.exitValue() + ", log:\n" + log());
            }
            try
            {
                if ("PONG".equals(cliText("ping")))
                {
                    return;
                }
            }
            catch (final IOException ignore)
            {
                // not listening yet
            }
            sleep(50);
        }

        throw new IOException("redis-server did not answer PING on port " + port + " within " +
            START_TIMEOUT_MS + " ms, log:\n" + log());
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private static void sleep(final long millis) throws IOException
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
    }
}

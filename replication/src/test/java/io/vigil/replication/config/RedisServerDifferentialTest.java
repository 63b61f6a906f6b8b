package io.vigil.replication.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the installed {@code redis-server} on malformed configurations and compares its fatal error output
 * with {@link ConfigException#fatalReport(String)}. Every run has {@code --port 0} appended (so a
 * configuration that unexpectedly loads makes Redis exit at once: it listens nowhere) and is bounded by a
 * timeout after which the process is killed.
 * <p>
 * Skipped, with the reason, when {@code redis-server} is not on the PATH, unless the environment variable
 * {@code CI} is {@code true}, where its absence fails the test.
 */
class RedisServerDifferentialTest {

    private static final long TIMEOUT_SECONDS = 10;
    private static final String FATAL_BANNER = "\n*** FATAL CONFIG FILE ERROR (";

    private static Path redisServer;
    private static String redisVersion;
    private static String skipReason;

    @TempDir
    Path dir;

    @BeforeAll
    static void findRedisServer() throws Exception {
        Optional<Path> found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(p -> !p.isEmpty())
                .map(p -> Path.of(p, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String reason = "redis-server is not on the PATH: the comparison with Redis's own error output is skipped";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + ", but CI=true requires it");
            }
            System.err.println("SKIPPED RedisServerDifferentialTest: " + reason);
            skipReason = reason;
            return;
        }
        redisServer = found.get();
        Run version = run(Path.of(System.getProperty("java.io.tmpdir")), List.of("--version"));
        Matcher m = Pattern.compile("v=(\\S+)").matcher(version.stdout);
        assertTrue(m.find(), "unexpected --version output: " + version.stdout);
        redisVersion = "Redis " + m.group(1);
        if (!m.group(1).startsWith("7.0.")) {
            skipReason = "the expected texts are Redis 7.0's; found " + redisVersion + " at " + redisServer;
            System.err.println("SKIPPED RedisServerDifferentialTest: " + skipReason);
        }
    }

    @BeforeEach
    void requireRedisServer() {
        assumeTrue(skipReason == null, skipReason);
    }

    /** The result of one bounded redis-server run. */
    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run run(Path workingDirectory, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(redisServer.toString());
        command.addAll(args);
        Path out = Files.createTempFile(workingDirectory, "redis-stdout", ".txt");
        Path err = Files.createTempFile(workingDirectory, "redis-stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("redis-server did not exit within " + TIMEOUT_SECONDS + "s: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<String> withPortZero(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--port");
        all.add("0");
        return all;
    }

    /** What Vigil's launcher would report for these arguments, or empty when it would start. */
    private Optional<ConfigException> vigil(List<String> args) {
        ConfigParser parser = ConfigParser.in(dir).withStdin(() -> new ByteArrayInputStream(new byte[0]));
        try {
            ServerSettings settings = ConfigSchema.standard().load(parser, args.toArray(String[]::new));
            settings.checkLogFile();
            settings.commandLine().orElseThrow().checkSentinelConfigFile();
            return Optional.empty();
        } catch (ConfigException e) {
            return Optional.of(e);
        }
    }

    /** Runs both and checks that they fail the same way, the fatal block compared byte for byte. */
    private void assertSameFatalError(String... args) throws Exception {
        List<String> all = withPortZero(args);
        Run redis = run(dir, all);
        assertEquals(1, redis.exitCode, "redis-server exit code for " + all + "\n" + redis.stdout + redis.stderr);
        ConfigException e = vigil(all).orElseThrow(
                () -> new AssertionError("Vigil accepted what Redis refused: " + all + "\n" + redis.stderr));
        int banner = redis.stderr.indexOf(FATAL_BANNER);
        assertTrue(banner >= 0, "no fatal block from redis-server for " + all + ":\n" + redis.stdout + redis.stderr);
        assertEquals(redis.stderr.substring(banner), e.fatalReport(redisVersion), "for " + all);
    }

    /** Runs both and checks that both log the same one-line fatal message. */
    private void assertSameLoggedError(String... args) throws Exception {
        List<String> all = withPortZero(args);
        Run redis = run(dir, all);
        assertEquals(1, redis.exitCode, "redis-server exit code for " + all);
        ConfigException e = vigil(all).orElseThrow(() -> new AssertionError("Vigil accepted " + all));
        assertTrue(e.isLogged(), e.toString());
        String lastLine = redis.stdout.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(lastLine.endsWith(" # " + e.reason()), "Redis logged: " + lastLine + "\nVigil: " + e.reason());
    }

    private String file(String name, String text) throws IOException {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return path.toString();
    }

    @Test
    void wrongNumberOfArgumentsOnLineFour() throws Exception {
        assertSameFatalError(file("a.conf", "port 6379\nprotected-mode no\n\nlogfile \"/tmp/x\" extra\n"));
    }

    @Test
    void quotingErrors() throws Exception {
        assertSameFatalError(file("a.conf", "# c\nfoo \"bar\n"));
        assertSameFatalError(file("b.conf", "requirepass 'bar\n"));
        assertSameFatalError(file("c.conf", "requirepass \"a\"b\n"));
        assertSameFatalError(file("d.conf", "requirepass 'a'b\n"));
    }

    @Test
    void badDirectiveLineIsPrintedAsWritten() throws Exception {
        assertSameFatalError(file("a.conf", "   bogus \"x\\x41y\" 'it\\'s'  a\"b c\"\t\n"));
        assertSameFatalError(file("b.conf", "PORT 1\nFOO bar\n"));
    }

    @Test
    void numericErrors() throws Exception {
        assertSameFatalError(file("a.conf", "port 70000\n"));
        assertSameFatalError(file("b.conf", "port abc\n"));
        assertSameFatalError(file("c.conf", "timeout -1\n"));
        assertSameFatalError(file("d.conf", "hz abc\n"));
        assertSameFatalError(file("e.conf", "maxclients 0\n"));
        assertSameFatalError(file("f.conf", "timeout 007\n"));
        assertSameFatalError(file("g.conf", "repl-ping-replica-period 0\n"));
        assertSameFatalError(file("h.conf", "min-slaves-to-write -1\n"));
    }

    @Test
    void memoryErrors() throws Exception {
        assertSameFatalError(file("a.conf", "repl-backlog-size 1x\n"));
        assertSameFatalError(file("b.conf", "repl-backlog-size 0\n"));
        assertSameFatalError(file("c.conf", "repl-backlog-size k\n"));
        assertSameFatalError(file("d.conf", "proto-max-bulk-len 10\n"));
        assertSameFatalError(file("e.conf", "repl-backlog-size 99999999999999999999\n"));
    }

    @Test
    void yesNoAndSpecialDirectiveErrors() throws Exception {
        assertSameFatalError(file("a.conf", "protected-mode maybe\n"));
        assertSameFatalError(file("b.conf", "daemonize maybe\n"));
        assertSameFatalError(file("c.conf", "replicaof 1.2.3.4\n"));
        assertSameFatalError(file("d.conf", "slaveof 1.2.3.4 abc\n"));
        assertSameFatalError(file("e.conf", "client-output-buffer-limit master 0 0 0\n"));
        assertSameFatalError(file("f.conf", "client-output-buffer-limit normal 0 0\n"));
        assertSameFatalError(file("g.conf", "client-output-buffer-limit normal 0 0 -1\n"));
        assertSameFatalError(file("h.conf", "save 900\n"));
        assertSameFatalError(file("i.conf", "dbfilename a/b\n"));
        assertSameFatalError(file("j.conf", "bind a b c d e f g h i j k l m n o p q\n"));
        assertSameFatalError(file("k.conf", "dir " + dir.resolve("missing") + "\n"));
        assertSameFatalError(file("l.conf", "sentinel monitor m 1.2.3.4 6379 2\n"));
    }

    @Test
    void errorsInIncludedFilesReportTheirOwnLine() throws Exception {
        file("conf.d/extra.conf", "# extra\n\nmaxclients 0\n");
        assertSameFatalError(file("a.conf", "port 1\ninclude conf.d/extra.conf\n"));
        file("glob.d/1.conf", "\n");
        file("glob.d/2.conf", "port 70000\n");
        assertSameFatalError(file("b.conf", "include " + dir.resolve("glob.d") + "/*.conf\n"));
    }

    @Test
    void commandLineOptionsAreNumberedAfterTheFile() throws Exception {
        assertSameFatalError("--maxclients", "0");
        assertSameFatalError(file("a.conf", "port 1\nbind 127.0.0.1"), "--timeout", "-1");
        assertSameFatalError("--save", "--foo", "bar");
        assertSameFatalError("--bogus", "a b", "x\ny", "\u00e9");
        assertSameFatalError("-foo");
        assertSameFatalError("--port 0", "--maxclients", "0");
        assertSameFatalError("--replicaof", "127.0.0.1", "6379", "--repl-timeout", "0");
    }

    @Test
    void logFileThatCannotBeOpenedHasNoLine() throws Exception {
        assertSameFatalError(file("a.conf", "logfile " + dir.resolve("no/such/dir/x.log") + "\n"));
    }

    @Test
    void unopenableFilesAreLoggedNotBlocked() throws Exception {
        assertSameLoggedError(dir.resolve("missing.conf").toString());
        assertSameLoggedError(file("a.conf", "include " + dir.resolve("missing-include.conf") + "\n"));
    }

    @Test
    void sentinelErrors() throws Exception {
        String placeholders = file("s1.conf", ConfigParserTest.SEED_SENTINEL_PLACEHOLDERS);
        assertSameFatalError(placeholders, "--sentinel");
        String host = file("s2.conf", ConfigParserTest.SEED_SENTINEL_PLACEHOLDERS.replace("<quorum>", "2"));
        assertSameFatalError(host, "--sentinel");
        assertSameFatalError(file("s3.conf", "sentinel down-after-milliseconds other 1\n"
                + "sentinel monitor m 1.2.3.4 6379 2\n"), "--sentinel");
        assertSameFatalError(file("s4.conf", "sentinel monitor m 1.2.3.4 6379 2\nsentinel parallel-syncs m x\n"
                + "sentinel myid abc\n"), "--sentinel");
        assertSameFatalError(file("s5.conf", "sentinel monitor m 1.2.3.4 6379 2\n"
                + "sentinel monitor m 1.2.3.5 6379 2\n"), "--sentinel");
        assertSameFatalError(file("s6.conf", "sentinel monitor m 1.2.3.4 6379 0\nmaxclients 0\n"), "--sentinel");
        assertSameFatalError(file("s7.conf", "sentinel monitor m 1.2.3.4 6379 2\n"
                + "sentinel known-replica m 127.0.0.1 6400\nsentinel known-replica m 127.1 6400\n"), "--sentinel");
        assertSameFatalError(file("s8.conf", "sentinel resolve-hostnames maybe\n"), "--sentinel");
    }

    @Test
    void trailingCommentThatRedisRefusesVigilAccepts() throws Exception {
        String seed = file("seed.conf", ConfigParserTest.SEED_MASTER);
        List<String> args = withPortZero(seed);
        Run redis = run(dir, args);
        assertEquals(1, redis.exitCode);
        assertTrue(redis.stderr.endsWith("""
                Reading the configuration file, at line 4
                >>> 'logfile "/home/vagrant/redis-stable/redis.log" #this is where you want to save your redis-server log'
                wrong number of arguments
                """), redis.stderr);
        ServerSettings settings = ConfigSchema.standard().load(ConfigParser.in(dir), args.toArray(String[]::new));
        assertEquals("/home/vagrant/redis-stable/redis.log", settings.logFile());
        assertEquals(4, settings.trailingCommentDirectives().get(0).lineNumber());
    }

    @Test
    void trailingCommentsThatDoNotHelpFailAsInRedis() throws Exception {
        assertSameFatalError(file("a.conf", "requirepass a b # c\n"));
        assertSameFatalError(file("b.conf", "bogus x # it's\n"));
    }
}

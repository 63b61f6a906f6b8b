package io.vigil.replication.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    @TempDir
    Path dir;

    Path redisConf;
    ConfigParser parser;

    @BeforeEach
    void setUp() throws IOException {
        redisConf = dir.resolve("redis.conf");
        Files.writeString(redisConf, "port 6379\nbind 127.0.0.1\n");
        parser = ConfigParser.in(dir).withStdin(() -> new ByteArrayInputStream(new byte[0]));
    }

    CommandLine read(String... args) throws ConfigException {
        return parser.readCommandLine(args, null);
    }

    static List<List<String>> lines(List<ConfigDirective> directives) {
        return directives.stream().map(ConfigDirective::nameAndArguments).toList();
    }

    @Test
    void configFileThenOptionsAsInTheRunbook() throws ConfigException {
        CommandLine cl = read(redisConf.toString(), "--port", "6380", "--replicaof", "127.0.0.1", "6379");
        assertEquals(Optional.of(redisConf.toString()), cl.configFile());
        assertEquals(Optional.of(redisConf), cl.configFilePath());
        assertEquals(List.of(List.of("port", "6379"), List.of("bind", "127.0.0.1")), lines(cl.fileDirectives()));
        assertEquals(List.of(List.of("port", "6380"), List.of("replicaof", "127.0.0.1", "6379")),
                lines(cl.argumentDirectives()));
        assertEquals(List.of("6379", "6380"), cl.allDirectives().stream()
                .filter(d -> d.name().equals("port")).map(d -> d.argument(0)).toList());
        assertFalse(cl.sentinelMode());
        assertFalse(cl.versionRequested());
        assertFalse(cl.helpRequested());
        assertFalse(cl.configFromStdin());
    }

    @Test
    void optionLinesAreNumberedAndQuotedAsRedisAssemblesThem() throws ConfigException {
        // redis.conf has two lines and a final line feed: Redis appends "\n" and the options after it.
        CommandLine cl = read(redisConf.toString(), "--port", "6380", "--replicaof", "127.0.0.1", "6379");
        ConfigDirective port = cl.argumentDirectives().get(0);
        assertEquals(ConfigDirective.COMMAND_LINE, port.source());
        assertEquals(4, port.lineNumber());
        assertEquals("port \"6380\"", port.lineText());
        ConfigDirective replicaof = cl.argumentDirectives().get(1);
        assertEquals(5, replicaof.lineNumber());
        assertEquals("replicaof \"127.0.0.1\" \"6379\"", replicaof.lineText());
    }

    @Test
    void withoutAConfigFileOptionsStartAtLineTwo() throws ConfigException {
        CommandLine cl = read("--port", "0", "--foo", "bar");
        assertEquals(Optional.empty(), cl.configFile());
        assertEquals(2, cl.argumentDirectives().get(0).lineNumber());
        assertEquals(3, cl.argumentDirectives().get(1).lineNumber());
        assertEquals("foo \"bar\"", cl.argumentDirectives().get(1).lineText());
    }

    @Test
    void emptySaveValueIsKept() throws ConfigException {
        CommandLine cl = read("--save", "", "--port", "1");
        assertEquals(List.of(List.of("save", ""), List.of("port", "1")), lines(cl.argumentDirectives()));
    }

    @Test
    void saveFollowedByAnotherOptionGetsAnEmptyValue() throws ConfigException {
        CommandLine cl = read("--save", "--port", "1");
        assertEquals(List.of(List.of("save", ""), List.of("port", "1")), lines(cl.argumentDirectives()));
        assertEquals("save \"\"", cl.argumentDirectives().get(0).lineText());
    }

    @Test
    void saveAsTheLastArgumentGetsAnEmptyValue() throws ConfigException {
        CommandLine cl = read("--port", "1", "--SAVE");
        assertEquals(List.of(List.of("port", "1"), List.of("save", "")), lines(cl.argumentDirectives()));
    }

    @Test
    void saveWithSeveralPointsKeepsThemAll() throws ConfigException {
        CommandLine cl = read("--save", "900", "1", "300", "10");
        assertEquals(List.of(List.of("save", "900", "1", "300", "10")), lines(cl.argumentDirectives()));
    }

    @Test
    void anOptionStartingWithDashesRightAfterANameIsItsValue() throws ConfigException {
        CommandLine cl = read("--loglevel", "--bogus");
        assertEquals(List.of(List.of("loglevel", "--bogus")), lines(cl.argumentDirectives()));
    }

    @Test
    void anOptionWithItsValueInOneArgumentIsOneLine() throws ConfigException {
        CommandLine cl = read("--port 6380", "--maxclients", "5");
        assertEquals(List.of(List.of("port", "6380"), List.of("maxclients", "5")), lines(cl.argumentDirectives()));
    }

    @Test
    void sentinelFlagSelectsSentinelModeAndTakesNoValue() throws ConfigException {
        CommandLine cl = read("--sentinel");
        assertTrue(cl.sentinelMode());
        assertEquals(List.of(List.of("sentinel")), lines(cl.argumentDirectives()));

        cl = read("--sentinel", "--port", "26380");
        assertTrue(cl.sentinelMode());
        assertEquals(List.of(List.of("sentinel"), List.of("port", "26380")), lines(cl.argumentDirectives()));
    }

    @Test
    void sentinelConfigFileWithSentinelFlag() throws Exception {
        Path sentinelConf = dir.resolve("sentinel.conf");
        Files.writeString(sentinelConf, ConfigParserTest.SEED_SENTINEL);
        CommandLine cl = read(sentinelConf.toString(), "--sentinel");
        assertTrue(cl.sentinelMode());
        assertEquals(Optional.of(sentinelConf.toString()), cl.configFile());
        assertEquals(5, cl.fileDirectives().size());
        assertEquals(List.of(List.of("sentinel")), lines(cl.argumentDirectives()));
        cl.checkSentinelConfigFile();
    }

    @Test
    void sentinelModeNeedsAWritableConfigFile() throws Exception {
        CommandLine cl = read("--sentinel");
        ConfigException e = assertThrows(ConfigException.class, cl::checkSentinelConfigFile);
        assertTrue(e.isLogged());
        assertEquals("Sentinel needs config file on disk to save state. Exiting...", e.reason());

        Path missing = dir.resolve("missing-sentinel.conf");
        CommandLine withFile = new CommandLine(Optional.of(missing.toString()), false, List.of(), List.of(), true,
                false, false, dir);
        e = assertThrows(ConfigException.class, withFile::checkSentinelConfigFile);
        assertEquals("Sentinel config file " + missing + " is not writable: No such file or directory. Exiting...",
                e.reason());
    }

    @Test
    void onlyAnExactSentinelArgumentSelectsSentinelMode() throws ConfigException {
        assertFalse(read("--port", "1", "--Sentinel").sentinelMode());
        assertTrue(ConfigParser.sentinelModeRequested(new String[] {"a.conf", "--port", "1", "--sentinel"}));
    }

    @Test
    void versionAndHelpAreRecognizedOnlyAsTheFirstArgument() throws ConfigException {
        assertTrue(read("-v").versionRequested());
        assertTrue(read("--version", "--port", "1").versionRequested());
        assertTrue(read("-h").helpRequested());
        assertTrue(read("--help").helpRequested());
        CommandLine late = read("--port", "1", "--version");
        assertFalse(late.versionRequested());
        assertEquals(List.of(List.of("port", "1"), List.of("version")), lines(late.argumentDirectives()));
    }

    @Test
    void versionRequestReadsNoConfiguration() throws ConfigException {
        CommandLine cl = read("-v", "/does/not/exist.conf");
        assertTrue(cl.versionRequested());
        assertEquals(List.of(), cl.allDirectives());
    }

    @Test
    void noArgumentsMeansNoConfiguration() throws ConfigException {
        CommandLine cl = read();
        assertEquals(Optional.empty(), cl.configFile());
        assertEquals(List.of(), cl.allDirectives());
    }

    @Test
    void aDashReadsStandardInputAfterTheFile() throws ConfigException {
        ConfigParser withInput = parser.withStdin(
                () -> new ByteArrayInputStream("maxclients 7\n".getBytes(StandardCharsets.UTF_8)));
        CommandLine cl = withInput.readCommandLine(new String[] {redisConf.toString(), "--port", "1", "-"}, null);
        assertTrue(cl.configFromStdin());
        assertEquals(List.of(List.of("port", "6379"), List.of("bind", "127.0.0.1"), List.of("maxclients", "7")),
                lines(cl.fileDirectives()));
        ConfigDirective fromStdin = cl.fileDirectives().get(2);
        assertEquals(ConfigDirective.STDIN, fromStdin.source());
        assertEquals(3, fromStdin.lineNumber());
        // file (2 lines) + stdin (1 line) + "\n": the option is on line 5.
        assertEquals(5, cl.argumentDirectives().get(0).lineNumber());

        cl = withInput.readCommandLine(new String[] {"-", "--port", "1"}, null);
        assertTrue(cl.configFromStdin());
        assertEquals(Optional.empty(), cl.configFile());
        assertEquals(List.of(List.of("maxclients", "7")), lines(cl.fileDirectives()));
    }

    @Test
    void aDashInTheMiddleIsAValue() throws ConfigException {
        CommandLine cl = read("--requirepass", "-", "--port", "1");
        assertFalse(cl.configFromStdin());
        assertEquals(List.of(List.of("requirepass", "-"), List.of("port", "1")), lines(cl.argumentDirectives()));
    }

    @Test
    void aFirstArgumentWithOneDashIsAValueWithoutAName() throws ConfigException {
        CommandLine cl = read("-foo", "--port", "0");
        assertEquals(Optional.empty(), cl.configFile());
        ConfigDirective odd = cl.argumentDirectives().get(0);
        assertEquals("-foo", odd.name());
        assertEquals("\"-foo\"", odd.lineText());
        assertEquals(2, odd.lineNumber());
    }

    @Test
    void nonAsciiValuesArePassedThroughAsUtf8() throws ConfigException {
        CommandLine cl = read("--bogus", "a b", "x\ny", "\u00e9");
        ConfigDirective d = cl.argumentDirectives().get(0);
        assertEquals(List.of("a b", "x\ny", "\u00e9"), d.arguments());
        assertEquals("bogus \"a b\" \"x\\ny\" \"\\xc3\\xa9\"", d.lineText());
    }

    @Test
    void aMissingConfigFileIsRedisOpenError() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("nope.conf", "--port", "1"));
        assertEquals("Fatal error, can't open config file 'nope.conf': No such file or directory", e.reason());
        e = assertThrows(ConfigException.class, () -> read(""));
        assertEquals("Fatal error, can't open config file '': No such file or directory", e.reason());
    }

    @Test
    void anIncludeOnTheCommandLineCountsAsCommandLine() throws Exception {
        Path inc = dir.resolve("inc.conf");
        Files.writeString(inc, "timeout 3\n");
        CommandLine cl = read("--include", inc.toString());
        assertEquals(List.of(List.of("include", inc.toString()), List.of("timeout", "3")),
                lines(cl.argumentDirectives()));
        assertEquals(inc.toString(), cl.argumentDirectives().get(1).source());
    }

    @Test
    void theListenerSeesEveryDirectiveInOrderWithItsOrigin() throws ConfigException {
        List<String> seen = new ArrayList<>();
        parser.readCommandLine(new String[] {redisConf.toString(), "--port", "1"},
                (d, fromCommandLine) -> seen.add(d.name() + (fromCommandLine ? "@cli" : "@file")));
        assertEquals(List.of("port@file", "bind@file", "port@cli"), seen);
    }

    @Test
    void aListenerErrorStopsTheReadingBeforeLaterSyntaxErrors() throws Exception {
        Files.writeString(redisConf, "port 1\nport 2\nfoo \"bar\n");
        ConfigException stop = ConfigException.withoutLine("stop");
        List<Integer> seen = new ArrayList<>();
        ConfigException e = assertThrows(ConfigException.class, () -> parser.readCommandLine(
                new String[] {redisConf.toString()}, (d, cli) -> {
                    seen.add(d.lineNumber());
                    if (d.lineNumber() == 2) {
                        throw stop;
                    }
                }));
        assertEquals(stop, e);
        assertEquals(List.of(1, 2), seen);
    }
}

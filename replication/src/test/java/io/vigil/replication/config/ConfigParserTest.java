package io.vigil.replication.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {

    static final String SEED_MASTER = """
            bind 127.0.0.1 192.168.32.232
            protected-mode no
            port 6379
            logfile "/home/vagrant/redis-stable/redis.log" #this is where you want to save your redis-server log
            """;

    static final String SEED_REPLICA = """
            bind 127.0.0.1 'SLAVE IP'
            protected-mode no
            port 6379
            slaveof 192.168.32.232 6379
            logfile "/home/vagrant/redis-stable/redis.log" #this is where you want to save your redis-server log
            """;

    static final String SEED_SENTINEL = """
            protected-mode no
            logfile "/home/vagrant/redis-stable/sentinel.log"
            sentinel monitor mymaster 192.168.32.232 6379 2
            sentinel down-after-milliseconds mymaster 5000
            sentinel failover-timeout mymaster 10000
            """;

    static final String SEED_SENTINEL_PLACEHOLDERS = """
            sentinel monitor mymaster <MASTER_NODE_IP> 6379 <quorum>
            sentinel down-after-milliseconds mymaster 30000
            sentinel failover-timeout mymaster 60000
            sentinel parallel-syncs mymaster 1
            """;

    static List<String> args(String line) {
        return ConfigParser.splitArgs(line).orElseThrow();
    }

    static ConfigException parseError(String text) {
        return assertThrows(ConfigException.class, () -> ConfigParser.parse(text, "test.conf"));
    }

    static ConfigDirective only(String text) throws ConfigException {
        List<ConfigDirective> directives = ConfigParser.parse(text, "test.conf");
        assertEquals(1, directives.size(), directives.toString());
        return directives.get(0);
    }

    @Nested
    class SeedSnippets {

        @Test
        void masterSnippetParsesWithItsTrailingCommentMarked() throws ConfigException {
            List<ConfigDirective> d = ConfigParser.parse(SEED_MASTER, "redis.conf");
            assertEquals(4, d.size());
            assertEquals("bind", d.get(0).name());
            assertEquals(List.of("127.0.0.1", "192.168.32.232"), d.get(0).arguments());
            assertEquals(List.of("no"), d.get(1).arguments());
            assertEquals(List.of("6379"), d.get(2).arguments());
            ConfigDirective logfile = d.get(3);
            assertEquals("logfile", logfile.name());
            assertEquals(List.of("/home/vagrant/redis-stable/redis.log"), logfile.arguments());
            assertTrue(logfile.hadTrailingComment());
            assertEquals(Optional.of("#this is where you want to save your redis-server log"),
                    logfile.trailingComment());
            assertEquals(4, logfile.lineNumber());
            assertEquals("redis.conf", logfile.source());
            assertEquals("logfile \"/home/vagrant/redis-stable/redis.log\" "
                    + "#this is where you want to save your redis-server log", logfile.lineText());
            assertEquals(List.of("/home/vagrant/redis-stable/redis.log", "#this", "is", "where", "you", "want",
                    "to", "save", "your", "redis-server", "log"), logfile.argumentsWithComment().orElseThrow());
            for (int i = 0; i < 3; i++) {
                assertFalse(d.get(i).hadTrailingComment());
                assertEquals(i + 1, d.get(i).lineNumber());
            }
        }

        @Test
        void replicaSnippetParsesWithTheQuotedPlaceholderAsOneArgument() throws ConfigException {
            List<ConfigDirective> d = ConfigParser.parse(SEED_REPLICA, "redis.conf");
            assertEquals(5, d.size());
            assertEquals(List.of("127.0.0.1", "SLAVE IP"), d.get(0).arguments());
            assertEquals("slaveof", d.get(3).name());
            assertEquals(List.of("192.168.32.232", "6379"), d.get(3).arguments());
            assertEquals(List.of("/home/vagrant/redis-stable/redis.log"), d.get(4).arguments());
            assertTrue(d.get(4).hadTrailingComment());
            assertEquals(5, d.get(4).lineNumber());
        }

        @Test
        void sentinelSnippetParses() throws ConfigException {
            List<ConfigDirective> d = ConfigParser.parse(SEED_SENTINEL, "sentinel.conf");
            assertEquals(5, d.size());
            assertEquals(List.of("/home/vagrant/redis-stable/sentinel.log"), d.get(1).arguments());
            assertEquals("sentinel", d.get(2).name());
            assertEquals(List.of("monitor", "mymaster", "192.168.32.232", "6379", "2"), d.get(2).arguments());
            assertEquals(List.of("down-after-milliseconds", "mymaster", "5000"), d.get(3).arguments());
            assertEquals(List.of("failover-timeout", "mymaster", "10000"), d.get(4).arguments());
        }

        @Test
        void sentinelSnippetWithPlaceholdersParsesAtTheSyntaxLevel() throws ConfigException {
            List<ConfigDirective> d = ConfigParser.parse(SEED_SENTINEL_PLACEHOLDERS, "sentinel.conf");
            assertEquals(4, d.size());
            assertEquals(List.of("monitor", "mymaster", "<MASTER_NODE_IP>", "6379", "<quorum>"),
                    d.get(0).arguments());
            assertEquals(List.of("parallel-syncs", "mymaster", "1"), d.get(3).arguments());
        }
    }

    @Nested
    class Lines {

        @Test
        void blankAndCommentLinesAreSkippedButCounted() throws ConfigException {
            List<ConfigDirective> d = ConfigParser.parse("# comment\n\n   \t\n   # indented comment\nport 1\n",
                    "t");
            assertEquals(1, d.size());
            assertEquals(5, d.get(0).lineNumber());
        }

        @Test
        void linesAreTrimmedOfSpacesTabsAndCarriageReturns() throws ConfigException {
            ConfigDirective d = only(" \t port 6380 \t\r\n");
            assertEquals("port 6380", d.lineText());
            assertEquals(List.of("6380"), d.arguments());
        }

        @Test
        void directiveNamesAreCaseInsensitiveAndArgumentsKeepTheirCase() throws ConfigException {
            ConfigDirective d = only("RequirePass SeCrEt");
            assertEquals("requirepass", d.name());
            assertEquals(List.of("SeCrEt"), d.arguments());
            assertEquals("RequirePass SeCrEt", d.lineText());
        }

        @Test
        void aQuotedDirectiveNameIsANameLikeAnyOther() throws ConfigException {
            ConfigDirective d = only("\"PORT\" 1");
            assertEquals("port", d.name());
        }

        @Test
        void aLineOfOnlyVerticalTabsAndFormFeedsHasNoDirective() throws ConfigException {
            assertEquals(List.of(), ConfigParser.parse("\u000b\u000c\n", "t"));
        }

        @Test
        void aDirectiveWithoutArgumentsIsKept() throws ConfigException {
            ConfigDirective d = only("sentinel");
            assertEquals(List.of(), d.arguments());
        }

        @Test
        void theLastLineNeedsNoLineFeed() throws ConfigException {
            List<ConfigDirective> d = ConfigParser.parse("port 1\nport 2", "t");
            assertEquals(2, d.get(1).lineNumber());
        }
    }

    @Nested
    class Quoting {

        @Test
        void spacesAndTabsSeparateArguments() {
            assertEquals(List.of("a", "b", "c"), args("a  b\tc"));
        }

        @Test
        void doubleQuotesKeepSpacesAndUnderstandEscapes() {
            assertEquals(List.of("a b"), args("\"a b\""));
            assertEquals(List.of("\n\r\t\b\u0007\\\""), args("\"\\n\\r\\t\\b\\a\\\\\\\"\""));
        }

        @Test
        void hexEscapesNeedTwoHexDigits() {
            assertEquals(List.of("xAy"), args("\"x\\x41y\""));
            assertEquals(List.of("xx4y"), args("\"x\\x4y\""));
            assertEquals(List.of("xZZ"), args("\"\\xZZ\""));
            assertEquals(List.of("\u00e9"), args("\"\\xc3\\xA9\""));
        }

        @Test
        void anUnknownEscapeIsTheCharacterItself() {
            assertEquals(List.of("qz"), args("\"\\qz\""));
        }

        @Test
        void singleQuotesAreLiteralExceptForAnEscapedSingleQuote() {
            assertEquals(List.of("it's"), args("'it\\'s'"));
            assertEquals(List.of("a\\nb\""), args("'a\\nb\"'"));
        }

        @Test
        void quotesMayStartInsideAnArgument() {
            assertEquals(List.of("ab c"), args("a\"b c\""));
            assertEquals(List.of("ab c"), args("a'b c'"));
        }

        @Test
        void emptyQuotesAreAnEmptyArgument() {
            assertEquals(List.of("save", ""), args("save \"\""));
            assertEquals(List.of("save", ""), args("save ''"));
        }

        @Test
        void aClosingQuoteMustBeFollowedBySpaceOrTheEnd() {
            assertEquals(Optional.empty(), ConfigParser.splitArgs("\"bar\"x"));
            assertEquals(Optional.empty(), ConfigParser.splitArgs("'bar'x"));
            assertEquals(List.of("bar", "x"), args("\"bar\"\tx"));
        }

        @Test
        void unterminatedQuotesDoNotSplit() {
            assertEquals(Optional.empty(), ConfigParser.splitArgs("foo \"bar"));
            assertEquals(Optional.empty(), ConfigParser.splitArgs("foo 'bar"));
            assertEquals(Optional.empty(), ConfigParser.splitArgs("foo \"bar\\"));
        }

        @Test
        void unbalancedQuotesAreRedisErrorWithLineNumberAndText() {
            ConfigException e = parseError("port 1\n\nfoo \"bar\n");
            assertEquals(ConfigParser.UNBALANCED_QUOTES, e.reason());
            assertEquals(3, e.lineNumber());
            assertEquals(Optional.of("foo \"bar"), e.lineText());
            assertEquals("""

                    *** FATAL CONFIG FILE ERROR (Vigil 0.1.0) ***
                    Reading the configuration file, at line 3
                    >>> 'foo "bar'
                    Unbalanced quotes in configuration line
                    """, e.fatalReport("Vigil 0.1.0"));
        }

        @Test
        void argumentsThatAreNotUtf8AreRefused() {
            ConfigException e = parseError("requirepass \"\\xff\\xfe\"");
            assertEquals(ConfigParser.INVALID_UTF8, e.reason());
            assertEquals(1, e.lineNumber());
        }

        @Test
        void utf8TextIsReadAsIs() throws ConfigException {
            ConfigDirective d = only("logfile /var/log/caf\u00e9.log");
            assertEquals(List.of("/var/log/caf\u00e9.log"), d.arguments());
        }

        @Test
        void quoteWritesValuesAsRedisDoesForCommandLineOptions() {
            assertEquals("\"6380\"", ConfigParser.quote("6380"));
            assertEquals("\"a b\"", ConfigParser.quote("a b"));
            assertEquals("\"x\\ny\"", ConfigParser.quote("x\ny"));
            assertEquals("\"\\xc3\\xa9\"", ConfigParser.quote("\u00e9"));
            assertEquals("\"\\\\\\\"\\r\\t\\a\\b\\x01\"", ConfigParser.quote("\\\"\r\t\u0007\b\u0001"));
            assertEquals("\"\"", ConfigParser.quote(""));
        }

        @Test
        void quotedValuesSplitBackToThemselves() {
            for (String value : List.of("", "a b", "x\ny", "\u00e9t\u00e9", "\"'\\", "#not a comment")) {
                assertEquals(List.of(value), args(ConfigParser.quote(value)));
            }
        }
    }

    @Nested
    class TrailingComments {

        @Test
        void anUnquotedHashAfterTheArgumentsStartsAComment() throws ConfigException {
            ConfigDirective d = only("port 6379 # the default");
            assertEquals(List.of("6379"), d.arguments());
            assertEquals(Optional.of("# the default"), d.trailingComment());
            assertEquals(List.of("6379", "#", "the", "default"), d.argumentsWithComment().orElseThrow());
        }

        @Test
        void aQuotedHashIsAnArgument() throws ConfigException {
            ConfigDirective d = only("requirepass \"#secret\" '#other'");
            assertEquals(List.of("#secret", "#other"), d.arguments());
            assertFalse(d.hadTrailingComment());
        }

        @Test
        void aHashInsideAnArgumentIsPartOfIt() throws ConfigException {
            ConfigDirective d = only("requirepass pass#word");
            assertEquals(List.of("pass#word"), d.arguments());
            assertFalse(d.hadTrailingComment());
        }

        @Test
        void theFirstArgumentMayBeAComment() throws ConfigException {
            ConfigDirective d = only("requirepass #secret");
            assertEquals(List.of(), d.arguments());
            assertEquals(List.of("#secret"), d.argumentsWithComment().orElseThrow());
        }

        @Test
        void aCommentWithUnbalancedQuotesIsStillAComment() throws ConfigException {
            ConfigDirective d = only("port 6379 # don't change");
            assertEquals(List.of("6379"), d.arguments());
            assertEquals(Optional.empty(), d.argumentsWithComment());
        }

        @Test
        void unbalancedQuotesBeforeTheCommentAreAnError() {
            assertEquals(ConfigParser.UNBALANCED_QUOTES, parseError("logfile \"/x #comment").reason());
        }

        @Test
        void withoutACommentTheArgumentsAreRedisArguments() throws ConfigException {
            ConfigDirective d = only("bind a b");
            assertEquals(Optional.of(List.of("a", "b")), d.argumentsWithComment());
            assertEquals(Optional.empty(), d.trailingComment());
        }
    }

    @Nested
    class Includes {

        @TempDir
        Path dir;

        Path write(String name, String text) throws IOException {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        }

        @Test
        void includeReadsAnotherFileInPlace() throws Exception {
            Path inc = write("inc.conf", "\n\nmaxclients 5\n");
            List<ConfigDirective> d = ConfigParser.parse("port 1\ninclude " + inc + "\nport 2\n", "main.conf");
            assertEquals(List.of("port", "include", "maxclients", "port"),
                    d.stream().map(ConfigDirective::name).toList());
            ConfigDirective included = d.get(2);
            assertEquals(inc.toString(), included.source());
            assertEquals(3, included.lineNumber());
            assertEquals("main.conf", d.get(3).source());
            assertEquals(3, d.get(3).lineNumber());
        }

        @Test
        void includesNest() throws Exception {
            Path inner = write("inner.conf", "timeout 7\n");
            Path outer = write("outer.conf", "include " + inner + "\ntimeout 8\n");
            List<ConfigDirective> d = ConfigParser.parseFile(write("main.conf", "include " + outer + "\n"));
            assertEquals(List.of("include", "include", "timeout", "timeout"),
                    d.stream().map(ConfigDirective::name).toList());
            assertEquals(List.of("7"), d.get(2).arguments());
            assertEquals(List.of("8"), d.get(3).arguments());
        }

        @Test
        void relativeIncludesAreRelativeToTheWorkingDirectory() throws Exception {
            write("conf.d/extra.conf", "port 7\n");
            write("main.conf", "include conf.d/extra.conf\n");
            List<ConfigDirective> d = ConfigParser.in(dir).readFile(Path.of("main.conf"));
            assertEquals(List.of("7"), d.get(1).arguments());
            assertEquals("conf.d/extra.conf", d.get(1).source());
        }

        @Test
        void aDirDirectiveMovesWhereLaterRelativeIncludesAreFound() throws Exception {
            write("sub/inc2.conf", "port 9\n");
            List<ConfigDirective> d = ConfigParser.in(dir).parseText("dir sub\ninclude inc2.conf\n", "main.conf");
            assertEquals(List.of("9"), d.get(2).arguments());
        }

        @Test
        void aMissingIncludeIsRedisOpenError() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigParser.in(dir).parseText("include nope.conf\n", "main.conf"));
            assertTrue(e.isLogged());
            assertEquals("Fatal error, can't open config file 'nope.conf': No such file or directory", e.reason());
            assertEquals("Fatal error, can't open config file 'nope.conf': No such file or directory\n",
                    e.fatalReport("Vigil 0.1.0"));
        }

        @Test
        void anErrorInAnIncludedFileReportsThatFilesLine() throws Exception {
            Path inc = write("inc.conf", "# header\n\nfoo \"bar\n");
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigParser.parse("port 1\ninclude " + inc + "\n", "main.conf"));
            assertEquals(3, e.lineNumber());
            assertEquals(Optional.of(inc.toString()), e.source());
        }

        @Test
        void anIncludeLoopIsAnErrorAtTheIncludeLine() throws Exception {
            Path a = dir.resolve("a.conf");
            Path b = write("b.conf", "port 1\ninclude " + a + "\n");
            write("a.conf", "include " + b + "\n");
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parseFile(a));
            assertTrue(e.reason().startsWith("Include loop: "), e.reason());
            assertTrue(e.reason().endsWith(a.toRealPath().toString()), e.reason());
            assertEquals(2, e.lineNumber());
            assertEquals(Optional.of("include " + a), e.lineText());
        }

        @Test
        void aFileIncludingItselfIsALoop() throws Exception {
            Path self = dir.resolve("self.conf");
            Files.writeString(self, "include " + self + "\n");
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parseFile(self));
            assertTrue(e.reason().startsWith("Include loop: "), e.reason());
            assertEquals(1, e.lineNumber());
        }

        @Test
        void includesNestAtMostThirtyTwoDeep() throws Exception {
            int files = ConfigParser.MAX_INCLUDE_DEPTH + 2;
            for (int i = 0; i < files; i++) {
                write("n" + i + ".conf", i + 1 < files ? "include " + dir.resolve("n" + (i + 1) + ".conf") + "\n"
                        : "port 1\n");
            }
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigParser.parseFile(dir.resolve("n0.conf")));
            assertEquals("Too many nested includes (more than 32 levels)", e.reason());
            ConfigParser.parseFile(dir.resolve("n2.conf"));
        }

        @Test
        void aWildcardIncludeReadsTheMatchingFilesInNameOrderAsOneText() throws Exception {
            write("conf.d/b.conf", "timeout 2\n");
            write("conf.d/a.conf", "\ntimeout 1\n");
            write("conf.d/.hidden.conf", "timeout 3\n");
            write("conf.d/c.txt", "timeout 4\n");
            List<ConfigDirective> d = ConfigParser.in(dir).parseText("include conf.d/*.conf\n", "main.conf");
            assertEquals(3, d.size());
            assertEquals(List.of("1"), d.get(1).arguments());
            assertEquals(2, d.get(1).lineNumber());
            assertEquals("conf.d/a.conf", d.get(1).source());
            assertEquals(List.of("2"), d.get(2).arguments());
            assertEquals(3, d.get(2).lineNumber());
            assertEquals("conf.d/b.conf", d.get(2).source());
        }

        @Test
        void aWildcardThatMatchesNothingReadsNothing() throws Exception {
            List<ConfigDirective> d = ConfigParser.in(dir).parseText("include none/*.conf\nport 1\n", "main.conf");
            assertEquals(List.of("include", "port"), d.stream().map(ConfigDirective::name).toList());
        }

        @Test
        void wildcardsMatchBracketsAndSingleCharacters() throws Exception {
            write("x1.conf", "port 1\n");
            write("x2.conf", "port 2\n");
            write("x3.conf", "port 3\n");
            List<ConfigDirective> d = ConfigParser.in(dir).parseText("include x[12].conf\ninclude x?.conf\n", "m");
            assertEquals(List.of("1", "2", "1", "2", "3"), d.stream()
                    .filter(x -> x.name().equals("port")).map(x -> x.argument(0)).toList());
        }

        @Test
        void includingADirectoryReadsNothingAsInRedis() throws Exception {
            Files.createDirectories(dir.resolve("sub"));
            List<ConfigDirective> d = ConfigParser.in(dir).parseText("include sub\nport 1\n", "main.conf");
            assertEquals(2, d.size());
        }

        @Test
        void includeTakesExactlyOneArgument() {
            ConfigException e = parseError("include a b\n");
            assertEquals(ConfigParser.BAD_DIRECTIVE, e.reason());
            e = parseError("include\n");
            assertEquals(ConfigParser.BAD_DIRECTIVE, e.reason());
        }

        @Test
        void anIncludeLineMayHaveATrailingComment() throws Exception {
            Path inc = write("inc.conf", "port 5\n");
            List<ConfigDirective> d = ConfigParser.parse("include " + inc + " # more settings\n", "main.conf");
            assertTrue(d.get(0).hadTrailingComment());
            assertEquals(List.of("5"), d.get(1).arguments());
        }

        @Test
        void aMissingConfigurationFileIsRedisOpenError() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigParser.parseFile(dir.resolve("missing.conf")));
            assertEquals("Fatal error, can't open config file '" + dir.resolve("missing.conf")
                    + "': No such file or directory", e.reason());
        }
    }
}

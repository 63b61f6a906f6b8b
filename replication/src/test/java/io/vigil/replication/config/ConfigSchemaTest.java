package io.vigil.replication.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.replication.config.ServerSettings.ClientClass;
import io.vigil.replication.config.ServerSettings.HostPort;
import io.vigil.replication.config.ServerSettings.LogLevel;
import io.vigil.replication.config.ServerSettings.OutputBufferLimit;
import io.vigil.replication.config.ServerSettings.SavePoint;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigSchemaTest {

    @TempDir
    Path dir;

    ServerSettings apply(String text) throws ConfigException {
        return ConfigSchema.standard().apply(ConfigParser.in(dir).parseText(text, "test.conf"), false, dir);
    }

    ServerSettings applySentinel(String text) throws ConfigException {
        return ConfigSchema.standard().apply(ConfigParser.in(dir).parseText(text, "sentinel.conf"), true, dir);
    }

    ConfigException error(String text) {
        return assertThrows(ConfigException.class, () -> apply(text));
    }

    ConfigException sentinelError(String text) {
        return assertThrows(ConfigException.class, () -> applySentinel(text));
    }

    static void assertError(ConfigException e, int line, String lineText, String reason) {
        assertEquals(reason, e.reason());
        assertEquals(line, e.lineNumber());
        assertEquals(Optional.of(lineText), e.lineText());
    }

    @Nested
    class Defaults {

        @Test
        void defaultsAreRedisExceptVigilBindsLoopbackOnly() {
            ServerSettings s = ServerSettings.defaults();
            assertEquals(List.of("127.0.0.1"), s.bind());
            assertFalse(s.bindConfigured());
            assertEquals(6379, s.port());
            assertTrue(s.protectedMode());
            assertEquals(Optional.empty(), s.requirePass());
            assertEquals("", s.logFile());
            assertEquals(LogLevel.NOTICE, s.logLevel());
            assertEquals(10_000, s.maxClients());
            assertEquals(0, s.timeout());
            assertEquals(511, s.tcpBacklog());
            assertEquals("dump.rdb", s.dbFilename());
            assertEquals(List.of(new SavePoint(3600, 1), new SavePoint(300, 100), new SavePoint(60, 10_000)),
                    s.savePoints());
            assertFalse(s.appendOnly());
            assertEquals(1024 * 1024, s.replBacklogSize());
            assertEquals(512L * 1024 * 1024, s.protoMaxBulkLen());
            assertEquals(10, s.hz());
            assertEquals(Optional.empty(), s.replicaOf());
            assertTrue(s.replicaReadOnly());
            assertEquals(Optional.empty(), s.masterAuth());
            assertEquals(Optional.empty(), s.masterUser());
            assertEquals(10, s.replPingReplicaPeriod());
            assertEquals(60, s.replTimeout());
            assertTrue(s.replDisklessSync());
            assertEquals(0, s.minReplicasToWrite());
            assertEquals(100, s.replicaPriority());
            assertEquals(new OutputBufferLimit(0, 0, 0), s.clientOutputBufferLimit(ClientClass.NORMAL));
            assertEquals(new OutputBufferLimit(256L << 20, 64L << 20, 60), s.clientOutputBufferLimit(ClientClass.REPLICA));
            assertEquals(new OutputBufferLimit(32L << 20, 8L << 20, 60), s.clientOutputBufferLimit(ClientClass.PUBSUB));
            assertFalse(s.sentinelMode());
            assertEquals(Optional.empty(), s.sentinel());
            assertEquals(Path.of("").toAbsolutePath(), s.dir());
        }

        @Test
        void sentinelModeDefaultsToPort26379WithoutProtectedMode() throws ConfigException {
            ServerSettings s = applySentinel("");
            assertTrue(s.sentinelMode());
            assertEquals(26379, s.port());
            assertFalse(s.protectedMode());
            assertEquals(Optional.of(0), s.sentinel().map(x -> x.masters().size()));
        }
    }

    @Nested
    class SeedSnippets {

        @Test
        void masterSnippetAppliesAndReportsTheTrailingComment() throws ConfigException {
            ServerSettings s = apply(ConfigParserTest.SEED_MASTER);
            assertEquals(List.of("127.0.0.1", "192.168.32.232"), s.bind());
            assertFalse(s.protectedMode());
            assertEquals(6379, s.port());
            assertEquals("/home/vagrant/redis-stable/redis.log", s.logFile());
            assertEquals(1, s.trailingCommentDirectives().size());
            ConfigDirective warned = s.trailingCommentDirectives().get(0);
            assertEquals("logfile", warned.name());
            assertEquals(4, warned.lineNumber());
        }

        @Test
        void replicaSnippetAppliesWithSlaveofAsReplicaof() throws ConfigException {
            ServerSettings s = apply(ConfigParserTest.SEED_REPLICA);
            assertEquals(List.of("127.0.0.1", "SLAVE IP"), s.bind());
            assertEquals(Optional.of(new HostPort("192.168.32.232", 6379)), s.replicaOf());
            assertEquals("/home/vagrant/redis-stable/redis.log", s.logFile());
            assertEquals(1, s.trailingCommentDirectives().size());
        }

        @Test
        void sentinelSnippetAppliesInSentinelMode() throws ConfigException {
            ServerSettings s = applySentinel(ConfigParserTest.SEED_SENTINEL);
            assertFalse(s.protectedMode());
            assertEquals("/home/vagrant/redis-stable/sentinel.log", s.logFile());
            SentinelSettings.Master m = s.sentinel().orElseThrow().master("mymaster").orElseThrow();
            assertEquals("192.168.32.232", m.host());
            assertEquals(6379, m.port());
            assertEquals(2, m.quorum());
            assertEquals(5000, m.downAfterMilliseconds());
            assertEquals(10_000, m.failoverTimeoutMilliseconds());
            assertEquals(1, m.parallelSyncs());
        }

        @Test
        void sentinelSnippetIsRefusedOutsideSentinelMode() {
            assertError(error(ConfigParserTest.SEED_SENTINEL), 3, "sentinel monitor mymaster 192.168.32.232 6379 2",
                    "sentinel directive while not in sentinel mode");
        }

        @Test
        void placeholderQuorumFailsWithRedisSentinelText() {
            assertError(sentinelError(ConfigParserTest.SEED_SENTINEL_PLACEHOLDERS), 1,
                    "sentinel monitor mymaster <MASTER_NODE_IP> 6379 <quorum>", "Quorum must be 1 or greater.");
        }

        @Test
        void placeholderHostFailsOnceTheQuorumIsFilledIn() {
            assertError(sentinelError(ConfigParserTest.SEED_SENTINEL_PLACEHOLDERS.replace("<quorum>", "2")), 1,
                    "sentinel monitor mymaster <MASTER_NODE_IP> 6379 2", "Can't resolve instance hostname.");
        }
    }

    @Nested
    class ErrorTexts {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
                port 70000                                  | argument must be between 0 and 65535 inclusive
                port -1                                     | argument must be between 0 and 65535 inclusive
                port abc                                    | argument couldn't be parsed into an integer
                port 12k                                    | argument couldn't be parsed into an integer
                port                                        | wrong number of arguments
                port 1 2                                    | wrong number of arguments
                protected-mode maybe                        | argument must be 'yes' or 'no'
                protected-mode                              | wrong number of arguments
                maxclients 0                                | argument must be between 1 and 4294967295 inclusive
                maxclients -1                               | argument must be between 1 and 4294967295 inclusive
                timeout -1                                  | argument must be between 0 and 2147483647 inclusive
                timeout 007                                 | argument couldn't be parsed into an integer
                tcp-backlog -1                              | argument must be between 0 and 2147483647 inclusive
                daemonize maybe                             | argument must be 'yes' or 'no'
                repl-backlog-size 1x                        | argument must be a memory value
                repl-backlog-size -1                        | argument must be a memory value
                repl-backlog-size 0                         | argument must be between 1 and 9223372036854775807 inclusive
                proto-max-bulk-len 10                       | argument must be between 1048576 and 9223372036854775807 inclusive
                proto-max-bulk-len 1x                       | argument must be a memory value
                hz abc                                      | argument couldn't be parsed into an integer
                hz -1                                       | argument must be between 0 and 2147483647 inclusive
                replicaof 1.2.3.4                           | wrong number of arguments
                replicaof 1.2.3.4 abc                       | Invalid master port
                replicaof 1.2.3.4 70000                     | Invalid master port
                slaveof 1.2.3.4 '6379 '                     | Invalid master port
                replica-read-only x                         | argument must be 'yes' or 'no'
                slave-read-only x                           | argument must be 'yes' or 'no'
                repl-ping-replica-period 0                  | argument must be between 1 and 2147483647 inclusive
                repl-timeout 0                              | argument must be between 1 and 2147483647 inclusive
                repl-diskless-sync x                        | argument must be 'yes' or 'no'
                min-replicas-to-write -1                    | argument must be between 0 and 2147483647 inclusive
                replica-priority -1                         | argument must be between 0 and 2147483647 inclusive
                appendonly 1                                | argument must be 'yes' or 'no'
                requirepass a b                             | wrong number of arguments
                masterauth                                  | wrong number of arguments
                masteruser a b                              | wrong number of arguments
                dbfilename a/b                              | dbfilename can't be a path, just a filename
                dbfilename 'a\\b'                           | dbfilename can't be a path, just a filename
                dbfilename                                  | wrong number of arguments
                save 900                                    | Invalid save parameters
                save 900 x                                  | Invalid save parameters
                save 0 1                                    | Invalid save parameters
                save 1 0 2                                  | Invalid save parameters
                client-output-buffer-limit normal 0 0       | Wrong number of arguments in buffer limit configuration.
                client-output-buffer-limit master 0 0 0     | Invalid client class specified in buffer limit configuration.
                client-output-buffer-limit normal 1x 0 0    | Error in hard, soft or soft_seconds setting in buffer limit configuration.
                client-output-buffer-limit normal 0 0 -1    | Error in hard, soft or soft_seconds setting in buffer limit configuration.
                client-output-buffer-limit normal 0 0 1.0   | Error in hard, soft or soft_seconds setting in buffer limit configuration.
                bind a b c d e f g h i j k l m n o p q      | Too many bind addresses specified.
                loglevel bogus                              | argument(s) must be one of the following: debug, verbose, notice, warning, nothing
                logfile "/tmp/x" extra                      | wrong number of arguments
                foo bar                                     | Bad directive or wrong number of arguments
                include                                     | Bad directive or wrong number of arguments
                user alice on >pw                           | Vigil supports no ACL users, only the line CONFIG REWRITE writes ('user default on nopass ~* &* +@all'); use requirepass for a password
                user                                        | Bad directive or wrong number of arguments
                daemonize yes                               | Vigil does not daemonize: set 'daemonize no' and let a service manager run it in the background
                hash-max-listpack-entries                   | wrong number of arguments
                sentinel monitor m 1.2.3.4 6379 2           | sentinel directive while not in sentinel mode
                """)
        void valueErrorsUseRedisTexts(String line, String reason) {
            ConfigException e = error("port 6379\n\n" + line.strip() + "\n");
            assertError(e, 3, line.strip(), reason);
        }

        @Test
        void theFatalReportIsRedisBlock() {
            ConfigException e = error("port 6379\nprotected-mode no\n\nlogfile \"/tmp/x\" extra\n");
            assertEquals("""

                    *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
                    Reading the configuration file, at line 4
                    >>> 'logfile "/tmp/x" extra'
                    wrong number of arguments
                    """, e.fatalReport("Redis 7.0.15"));
        }

        @Test
        void theFirstErrorInFileOrderWins() {
            ConfigException e = error("port 1\nmaxclients 0\nport 70000\n");
            assertEquals(2, e.lineNumber());
        }

        @Test
        void anUnknownDirectiveWithAnUnsplittableCommentIsAQuotingErrorAsInRedis() {
            ConfigException e = error("foo bar # it's\n");
            assertEquals(ConfigParser.UNBALANCED_QUOTES, e.reason());
        }

        @Test
        void dirMustBeAnExistingDirectory() throws Exception {
            ConfigException e = error("dir " + dir.resolve("missing") + "\n");
            assertEquals("No such file or directory", e.reason());
            Path file = Files.writeString(dir.resolve("file"), "");
            assertEquals("Not a directory", error("dir " + file + "\n").reason());
            assertEquals("Not a directory", error("dir " + file.resolve("below") + "\n").reason());
            assertEquals("No such file or directory", error("dir \"\"\n").reason());
        }
    }

    @Nested
    class Values {

        @Test
        void laterDirectivesWin() throws ConfigException {
            assertEquals(2, apply("port 1\nport 2\n").port());
        }

        @Test
        void namesAndEnumValuesAreCaseInsensitive() throws ConfigException {
            ServerSettings s = apply("PORT 1\nLogLevel WARNING\nProtected-Mode YES\n");
            assertEquals(1, s.port());
            assertEquals(LogLevel.WARNING, s.logLevel());
            assertTrue(s.protectedMode());
        }

        @Test
        void loglevelNothingIsAccepted() throws ConfigException {
            assertEquals(LogLevel.NOTHING, apply("loglevel nothing\n").logLevel());
        }

        @Test
        void bindTakesUpToSixteenAddressesAndAnEmptyValueMeansNone() throws ConfigException {
            assertEquals(List.of("* ", "-::*"), apply("bind \"* \" -::*\n").bind());
            assertEquals(List.of(), apply("bind \"\"\n").bind());
            assertTrue(apply("bind \"\"\n").bindConfigured());
            assertEquals(16, apply("bind a b c d e f g h i j k l m n o p\n").bind().size());
        }

        @Test
        void firstSaveLineReplacesTheDefaultsAndLaterOnesAdd() throws ConfigException {
            assertEquals(List.of(new SavePoint(900, 1), new SavePoint(300, 10)),
                    apply("save 900 1\nsave 300 10\n").savePoints());
            assertEquals(List.of(new SavePoint(900, 1), new SavePoint(300, 10)),
                    apply("save 900 1 300 10\n").savePoints());
        }

        @Test
        void emptySaveClearsAllPoints() throws ConfigException {
            assertEquals(List.of(), apply("save 900 1\nsave \"\"\n").savePoints());
            assertEquals(List.of(new SavePoint(60, 5)), apply("save \"\"\nsave 60 5\n").savePoints());
            assertEquals(List.of(), apply("save\n").savePoints());
        }

        @Test
        void saveAcceptsWhatStrtollAccepts() throws ConfigException {
            assertEquals(List.of(new SavePoint(1, 0)), apply("save \" 1\" +0\n").savePoints());
        }

        @Test
        void replicaofNoOneClearsTheMaster() throws ConfigException {
            assertEquals(Optional.empty(), apply("replicaof 10.0.0.1 6379\nreplicaof NO ONE\n").replicaOf());
            assertEquals(Optional.of(new HostPort("10.0.0.1", 6380)), apply("slaveof 10.0.0.1 6380\n").replicaOf());
        }

        @Test
        void replicaofPortIsReadWithStrtol() throws ConfigException {
            assertEquals(6379, apply("replicaof h \" +6379\"\n").replicaOf().orElseThrow().port());
            assertEquals(0, apply("replicaof h \"\"\n").replicaOf().orElseThrow().port());
        }

        @Test
        void memoryValuesTakeUnits() throws ConfigException {
            ServerSettings s = apply("repl-backlog-size 64mb\nproto-max-bulk-len 1gb\n");
            assertEquals(64L << 20, s.replBacklogSize());
            assertEquals(1L << 30, s.protoMaxBulkLen());
            assertEquals(1000, apply("repl-backlog-size 1K\n").replBacklogSize());
        }

        @Test
        void clientOutputBufferLimitSetsTheNamedClassesOnly() throws ConfigException {
            ServerSettings s = apply("client-output-buffer-limit Slave 512mb 128mb 120 pubsub 1kb 1k 5\n");
            assertEquals(new OutputBufferLimit(512L << 20, 128L << 20, 120), s.clientOutputBufferLimit(ClientClass.REPLICA));
            assertEquals(new OutputBufferLimit(1024, 1000, 5), s.clientOutputBufferLimit(ClientClass.PUBSUB));
            assertEquals(new OutputBufferLimit(0, 0, 0), s.clientOutputBufferLimit(ClientClass.NORMAL));
        }

        @Test
        void anInvalidClientClassSetsNothing() {
            assertThrows(ConfigException.class,
                    () -> apply("client-output-buffer-limit replica 1 1 1 master 1 1 1\n"));
        }

        @Test
        void hzIsBroughtIntoOneToFiveHundred() throws ConfigException {
            assertEquals(1, apply("hz 0\n").hz());
            assertEquals(500, apply("hz 1000000\n").hz());
            assertEquals(100, apply("hz 100\n").hz());
        }

        @Test
        void emptyPasswordsMeanNone() throws ConfigException {
            ServerSettings s = apply("requirepass \"\"\nmasterauth \"\"\nmasteruser \"\"\n");
            assertEquals(Optional.empty(), s.requirePass());
            assertEquals(Optional.empty(), s.masterAuth());
            assertEquals(Optional.empty(), s.masterUser());
            s = apply("requirepass s3cret\nmasterauth m\nmasteruser u\n");
            assertEquals(Optional.of("s3cret"), s.requirePass());
            assertEquals(Optional.of("m"), s.masterAuth());
            assertEquals(Optional.of("u"), s.masterUser());
            assertFalse(s.toString().contains("s3cret"));
        }

        @Test
        void replicationSettingsAndAliases() throws ConfigException {
            ServerSettings s = apply("""
                    slave-read-only no
                    repl-ping-slave-period 5
                    repl-timeout 30
                    repl-diskless-sync no
                    min-slaves-to-write 2
                    slave-priority 0
                    appendonly yes
                    maxclients 4294967295
                    timeout 300
                    tcp-backlog 128
                    dbfilename x.rdb
                    daemonize no
                    """);
            assertFalse(s.replicaReadOnly());
            assertEquals(5, s.replPingReplicaPeriod());
            assertEquals(30, s.replTimeout());
            assertFalse(s.replDisklessSync());
            assertEquals(2, s.minReplicasToWrite());
            assertEquals(0, s.replicaPriority());
            assertTrue(s.appendOnly());
            assertEquals(4294967295L, s.maxClients());
            assertEquals(300, s.timeout());
            assertEquals(128, s.tcpBacklog());
            assertEquals("x.rdb", s.dbFilename());
        }

        @Test
        void dirIsResolvedAgainstTheCurrentDir() throws Exception {
            Files.createDirectories(dir.resolve("a/b"));
            assertEquals(dir.resolve("a/b"), apply("dir a\ndir b\n").dir());
        }

        @Test
        void redisDirectivesVigilLacksAreIgnoredAndListed() throws ConfigException {
            ServerSettings s = apply("appendfsync everysec\nhash-max-ziplist-entries 512\n"
                    + "oom-score-adj-values 0 200 800\nlatency-tracking-info-percentiles 50 99 99.9\n");
            assertEquals(List.of("appendfsync", "hash-max-ziplist-entries", "oom-score-adj-values",
                    "latency-tracking-info-percentiles"),
                    s.ignoredDirectives().stream().map(ConfigDirective::name).toList());
            assertTrue(ConfigSchema.standard().ignores("APPENDFSYNC"));
            assertFalse(ConfigSchema.standard().ignores("port"));
        }

        @Test
        void theDefaultUserLineOfConfigRewriteIsAccepted() throws ConfigException {
            ServerSettings s = apply("user default on nopass ~* &* +@all\n"
                    + "user default on nopass sanitize-payload ~* &* +@all\n");
            assertEquals(2, s.ignoredDirectives().size());
        }

        @Test
        void logFileCheckOpensTheFileForAppendingLikeRedis() throws Exception {
            apply("logfile vigil.log\ndir " + dir + "\n").checkLogFile();
            assertTrue(Files.exists(dir.resolve("vigil.log")));
            ConfigException e = assertThrows(ConfigException.class,
                    () -> apply("logfile " + dir.resolve("no/such/dir/x.log") + "\n").checkLogFile());
            assertFalse(e.hasLine());
            assertEquals("""

                    *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
                    Can't open the log file: No such file or directory
                    """, e.fatalReport("Redis 7.0.15"));
            apply("port 1\n").checkLogFile();
        }

        @Test
        void debianStockRedisConfLoadsOnceDaemonizeIsOff() throws Exception {
            Path stock = Path.of("/etc/redis/redis.conf");
            assumeTrue(Files.isReadable(stock), "no readable /etc/redis/redis.conf on this machine");
            String text = Files.readString(stock, StandardCharsets.UTF_8);
            ConfigException e = assertThrows(ConfigException.class, () -> apply(text));
            assertEquals(ConfigSchema.DAEMONIZE_UNSUPPORTED, e.reason());
            ServerSettings s = apply(text.replace("\ndaemonize yes", "\ndaemonize no")
                    .replaceAll("\ndir .*", "\ndir " + dir));
            assertEquals(6379, s.port());
            assertFalse(s.ignoredDirectives().isEmpty());
            assertEquals(List.of(), s.trailingCommentDirectives());
        }
    }

    @Nested
    class TrailingComments {

        @Test
        void aCommentIsDroppedWhenTheDirectiveWouldOtherwiseHaveTooManyArguments() throws ConfigException {
            ServerSettings s = apply("port 6380 # not the default\nsave 900 1 # every 15 minutes\n"
                    + "bind 10.0.0.1 10.0.0.2 # two addresses\n");
            assertEquals(6380, s.port());
            assertEquals(List.of(new SavePoint(900, 1)), s.savePoints());
            assertEquals(List.of("10.0.0.1", "10.0.0.2"), s.bind());
            assertEquals(List.of(1, 2, 3), s.trailingCommentDirectives().stream()
                    .map(ConfigDirective::lineNumber).toList());
        }

        @Test
        void anArgumentStartingWithHashIsKeptWhenTheDirectiveNeedsIt() throws ConfigException {
            ServerSettings s = apply("requirepass #secret\n");
            assertEquals(Optional.of("#secret"), s.requirePass());
            assertEquals(List.of(), s.trailingCommentDirectives());
        }

        @Test
        void aCommentWithUnbalancedQuotesIsFineWhenNotNeeded() throws ConfigException {
            assertEquals(6380, apply("port 6380 # don't\n").port());
        }

        @Test
        void whenNeitherReadingFitsTheErrorIsRedisError() {
            assertError(error("requirepass a b # c\n"), 1, "requirepass a b # c", "wrong number of arguments");
            assertError(error("requirepass # it's\n"), 1, "requirepass # it's", ConfigParser.UNBALANCED_QUOTES);
        }

        @Test
        void sentinelLinesMayHaveComments() throws ConfigException {
            ServerSettings s = applySentinel("sentinel monitor m 10.0.0.1 6379 2 # primary\n"
                    + "sentinel auth-pass m #pw\n");
            SentinelSettings.Master m = s.sentinel().orElseThrow().master("m").orElseThrow();
            assertEquals(2, m.quorum());
            assertEquals(Optional.of("#pw"), m.authPass());
            assertEquals(1, s.trailingCommentDirectives().size());
        }
    }

    @Nested
    class Sentinel {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
                sentinel monitor m 1.2.3.4 6379 0                   | Quorum must be 1 or greater.
                sentinel monitor m 1.2.3.4 70000 2                  | Invalid port number.
                sentinel monitor m 1.2.3.4 -1 2                     | Invalid port number.
                sentinel monitor m localhost 6379 2                 | Can't resolve instance hostname.
                sentinel monitor m [::1] 6379 2                     | Can't resolve instance hostname.
                sentinel monitor m 1.2.3.4.5 6379 2                 | Can't resolve instance hostname.
                sentinel monitor m 1.2.3.4 6379                     | Unrecognized sentinel configuration statement.
                sentinel bogus x                                    | Unrecognized sentinel configuration statement.
                sentinel down-after-milliseconds other 1            | No such master with specified name.
                sentinel down-after-milliseconds m 0                | negative or zero time parameter.
                sentinel failover-timeout m -5                      | negative or zero time parameter.
                sentinel master-reboot-down-after-period m -1       | negative time parameter.
                sentinel myid abc                                   | Malformed Sentinel id in myid option.
                sentinel resolve-hostnames maybe                    | Please specify yes or no for the resolve-hostnames option.
                sentinel announce-hostnames maybe                   | Please specify yes or no for the announce-hostnames option.
                sentinel deny-scripts-reconfig maybe                | Please specify yes or no for the deny-scripts-reconfig options.
                sentinel notification-script m /nonexistent/script  | Notification script seems non existing or non executable.
                sentinel client-reconfig-script m /nonexistent/x    | Client reconfiguration script seems non existing or non executable.
                sentinel known-replica m 1.2.3.5 70000              | Invalid port number.
                sentinel monitor m 1.2.3.5 6379 2                   | Duplicate master name.
                """)
        void sentinelErrorsUseRedisTexts(String line, String reason) {
            ConfigException e = sentinelError("sentinel monitor m 1.2.3.4 6379 2\n" + line.strip() + "\n");
            assertError(e, 2, line.strip(), reason);
        }

        @Test
        void hostsMayBeAnyNumericAddressForm() throws ConfigException {
            ServerSettings s = applySentinel("""
                    sentinel monitor a 127.1 6379 2
                    sentinel monitor b 0x7f.0.0.1 6379 2
                    sentinel monitor c ::1 6379 2
                    sentinel monitor d fe80::1%lo 6379 2
                    sentinel monitor e ::ffff:10.0.0.1 6379 2
                    sentinel monitor f 001.002.003.004 6379 2
                    """);
            assertEquals(6, s.sentinel().orElseThrow().masters().size());
        }

        @Test
        void hostnamesAreAcceptedWhenResolveHostnamesIsOnEvenIfWrittenLater() throws ConfigException {
            ServerSettings s = applySentinel("sentinel monitor m redis-1.example 6379 2\n"
                    + "sentinel resolve-hostnames yes\n");
            assertEquals("redis-1.example", s.sentinel().orElseThrow().master("m").orElseThrow().host());
            assertTrue(s.sentinel().orElseThrow().resolveHostnames());
        }

        @Test
        void monitorLinesApplyBeforeTheLinesThatNameTheirMaster() throws ConfigException {
            ServerSettings s = applySentinel("sentinel down-after-milliseconds m 1234\n"
                    + "sentinel monitor m 1.2.3.4 6379 2\n");
            assertEquals(1234, s.sentinel().orElseThrow().master("m").orElseThrow().downAfterMilliseconds());
        }

        @Test
        void settingsThatMastersDependOnAreCheckedFirst() {
            ConfigException e = sentinelError("""
                    sentinel monitor m 1.2.3.4 6379 2
                    sentinel parallel-syncs m x
                    sentinel myid abc
                    """);
            assertEquals(3, e.lineNumber());
        }

        @Test
        void serverErrorsComeBeforeSentinelErrors() {
            ConfigException e = sentinelError("sentinel monitor m 1.2.3.4 6379 0\nloglevel bad\n");
            assertEquals(2, e.lineNumber());
        }

        @Test
        void masterNamesAreCaseSensitiveAndStatementsAreNot() {
            ConfigException e = sentinelError("SENTINEL MONITOR m 1.2.3.4 6379 2\n"
                    + "Sentinel Down-After-Milliseconds M 0\n");
            assertEquals("No such master with specified name.", e.reason());
        }

        @Test
        void numbersAreReadWithAtoiAsInRedis() throws ConfigException {
            SentinelSettings.Master m = applySentinel("""
                    sentinel monitor m 1.2.3.4 abc 2x
                    sentinel down-after-milliseconds m 100x
                    sentinel parallel-syncs m x
                    """).sentinel().orElseThrow().master("m").orElseThrow();
            assertEquals(0, m.port());
            assertEquals(2, m.quorum());
            assertEquals(100, m.downAfterMilliseconds());
            assertEquals(0, m.parallelSyncs());
        }

        @Test
        void theStateRedisRewritesIntoSentinelConfLoads() throws ConfigException {
            ServerSettings s = applySentinel("""
                    sentinel monitor mymaster 127.0.0.1 6399 2
                    sentinel down-after-milliseconds mymaster 5000
                    sentinel auth-pass mymaster s3cret
                    sentinel auth-user mymaster vigil

                    # Generated by CONFIG REWRITE
                    bind 127.0.0.1
                    protected-mode no
                    dir "%s"
                    port 26380
                    latency-tracking-info-percentiles 50 99 99.9
                    user default on nopass ~* &* +@all
                    sentinel myid 46a6f26adbc5d926202bcaa88deee22ccf6e4c55
                    sentinel config-epoch mymaster 3
                    sentinel leader-epoch mymaster 4
                    sentinel current-epoch 2
                    sentinel known-replica mymaster 127.0.0.1 6400
                    sentinel known-replica mymaster 127.0.0.1 6401
                    sentinel known-sentinel mymaster 127.0.0.1 26381 5e2f1c1e0f1c4f5d8a7b6c5d4e3f2a1b0c9d8e7f
                    sentinel known-sentinel mymaster 127.0.0.1 26382
                    sentinel rename-command mymaster CONFIG GUARDED-CONFIG
                    sentinel announce-ip 10.0.0.9
                    sentinel announce-port 26390
                    sentinel master-reboot-down-after-period mymaster 0
                    """.formatted(dir));
            assertEquals(26380, s.port());
            SentinelSettings sentinel = s.sentinel().orElseThrow();
            assertEquals(Optional.of("46a6f26adbc5d926202bcaa88deee22ccf6e4c55"), sentinel.myId());
            assertEquals(3, sentinel.currentEpoch());
            assertEquals(Optional.of("10.0.0.9"), sentinel.announceIp());
            assertEquals(26390, sentinel.announcePort());
            assertTrue(sentinel.denyScriptsReconfig());
            SentinelSettings.Master m = sentinel.master("mymaster").orElseThrow();
            assertEquals(Optional.of("s3cret"), m.authPass());
            assertEquals(Optional.of("vigil"), m.authUser());
            assertEquals(3, m.configEpoch());
            assertEquals(4, m.leaderEpoch());
            assertEquals(List.of(new SentinelSettings.Address("127.0.0.1", 6400),
                    new SentinelSettings.Address("127.0.0.1", 6401)), m.knownReplicas());
            assertEquals(List.of(new SentinelSettings.KnownSentinel("127.0.0.1", 26381,
                    "5e2f1c1e0f1c4f5d8a7b6c5d4e3f2a1b0c9d8e7f")), m.knownSentinels());
            assertEquals(java.util.Map.of("config", "GUARDED-CONFIG"), m.renamedCommands());
            assertFalse(m.toString().contains("s3cret"));
        }

        @Test
        void duplicateReplicasAndSentinelsAreRefused() {
            assertEquals("Duplicate hostname and port for replica.", sentinelError("""
                    sentinel monitor m 1.2.3.4 6379 2
                    sentinel known-replica m 127.0.0.1 6400
                    sentinel known-replica m 127.1 6400
                    """).reason());
            assertEquals("Duplicate runid for sentinel.", sentinelError("""
                    sentinel monitor m 1.2.3.4 6379 2
                    sentinel known-sentinel m 1.2.3.5 6379 aaa
                    sentinel known-sentinel m 1.2.3.6 6379 aaa
                    """).reason());
            assertEquals("Same command renamed multiple times with rename-command.", sentinelError("""
                    sentinel monitor m 1.2.3.4 6379 2
                    sentinel rename-command m config a
                    sentinel rename-command m CONFIG b
                    """).reason());
        }

        @Test
        void aBareSentinelLineIsIgnoredInBothModes() throws ConfigException {
            assertEquals(6379, apply("sentinel\n").port());
            assertEquals(26379, applySentinel("sentinel\n").port());
        }
    }

    @Nested
    class Loading {

        @Test
        void loadReadsTheCommandLineAndAppliesIt() throws Exception {
            Path conf = Files.writeString(dir.resolve("redis.conf"), ConfigParserTest.SEED_REPLICA);
            ServerSettings s = ConfigSchema.standard().load(ConfigParser.in(dir),
                    new String[] {conf.toString(), "--port", "6380", "--replicaof", "127.0.0.1", "6379"});
            assertEquals(6380, s.port());
            assertEquals(Optional.of(new HostPort("127.0.0.1", 6379)), s.replicaOf());
            assertEquals(Optional.of(conf.toString()), s.commandLine().orElseThrow().configFile());
        }

        @Test
        void commandLineErrorsCarryTheLineRedisReports() throws Exception {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigSchema.standard()
                    .load(ConfigParser.in(dir), new String[] {"--port", "0", "--maxclients", "0"}));
            assertError(e, 3, "maxclients \"0\"", "argument must be between 1 and 4294967295 inclusive");
        }

        @Test
        void loadReportsAnEarlierValueErrorBeforeALaterQuotingError() throws Exception {
            Path conf = Files.writeString(dir.resolve("redis.conf"), "port 1\nport 70000\nfoo \"bar\n");
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigSchema.standard().load(ConfigParser.in(dir), new String[] {conf.toString()}));
            assertEquals(2, e.lineNumber());
            // Reading everything first finds the quoting error.
            e = assertThrows(ConfigException.class, () -> ConfigSchema.standard()
                    .apply(ConfigParser.in(dir).readCommandLine(new String[] {conf.toString()}, null)));
            assertEquals(3, e.lineNumber());
        }

        @Test
        void commandLineSaveEmptyClearsTheFilesSavePoints() throws Exception {
            Path conf = Files.writeString(dir.resolve("redis.conf"), "save 900 1\n");
            ServerSettings s = ConfigSchema.standard().load(ConfigParser.in(dir),
                    new String[] {conf.toString(), "--save", "", "--appendonly", "yes"});
            assertEquals(List.of(), s.savePoints());
            assertTrue(s.appendOnly());
        }

        @Test
        void sentinelFlagLoadsASentinelConfig() throws Exception {
            Path conf = Files.writeString(dir.resolve("sentinel.conf"), ConfigParserTest.SEED_SENTINEL);
            ServerSettings s = ConfigSchema.standard().load(ConfigParser.in(dir),
                    new String[] {conf.toString(), "--sentinel"});
            assertTrue(s.sentinelMode());
            assertEquals(26379, s.port());
            assertTrue(s.sentinel().orElseThrow().master("mymaster").isPresent());
        }

        @Test
        void loadFromStandardInput() throws Exception {
            ConfigParser parser = ConfigParser.in(dir).withStdin(
                    () -> new ByteArrayInputStream("port 7000\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(7000, ConfigSchema.standard().load(parser, new String[] {"-"}).port());
        }

        @Test
        void versionRequestLoadsNothing() throws Exception {
            ServerSettings s = ConfigSchema.standard().load(ConfigParser.in(dir), new String[] {"--version"});
            assertTrue(s.commandLine().orElseThrow().versionRequested());
            assertEquals(6379, s.port());
        }
    }

    @Nested
    class Extending {

        @Test
        void aSchemaCanLearnNewDirectives() throws ConfigException {
            ConfigSchema schema = ConfigSchema.standard().toBuilder()
                    .single("vigil-log-segment-size", (d, s) -> s.putExtra("vigil-log-segment-size",
                            ConfigValues.parseMemory(d.argument(0), 4096, Long.MAX_VALUE)))
                    .build();
            ServerSettings s = schema.apply(ConfigParser.parse("Vigil-Log-Segment-Size 64mb\n", "t"));
            assertEquals(Optional.of(64L << 20), s.extra("vigil-log-segment-size", Long.class));
            ConfigException e = assertThrows(ConfigException.class,
                    () -> schema.apply(ConfigParser.parse("vigil-log-segment-size 1k\n", "t")));
            assertEquals("argument must be between 4096 and 9223372036854775807 inclusive", e.reason());
            assertTrue(schema.knows("VIGIL-LOG-SEGMENT-SIZE"));
            assertFalse(ConfigSchema.standard().knows("vigil-log-segment-size"));
        }

        @Test
        void aSchemaCanDropDirectivesWithTheirAliases() {
            ConfigSchema schema = ConfigSchema.standard().toBuilder().remove("replicaof").build();
            assertFalse(schema.knows("slaveof"));
            assertFalse(schema.knows("replicaof"));
            assertTrue(schema.directiveNames().contains("port"));
        }
    }
}

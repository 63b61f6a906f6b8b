package io.vigil.examples;

import io.vigil.core.StoreConfig;
import io.vigil.core.VigilStore;
import io.vigil.replication.NodeConfig;
import io.vigil.replication.VigilNode;
import io.vigil.replication.config.CommandLine;
import io.vigil.replication.config.ConfigDirective;
import io.vigil.replication.config.ConfigException;
import io.vigil.replication.config.ConfigSchema;
import io.vigil.replication.config.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * {@code vigil.jar}: starts a Vigil node from the command line exactly as {@code redis-server} is started:
 * <pre>
 * java -jar vigil.jar [/path/to/redis.conf] [--port 6380] [--bind 127.0.0.1] [--requirepass x] [--logfile path] ...
 * </pre>
 * A configuration file comes first; {@code --name value} sets any directive after it. Configuration errors print
 * Redis's fatal error block and exit with status 1; SHUTDOWN from a client stops the node and exits with status 0.
 */
public final class VigilServer
{
    /** Vigil's version. */
    public static final String VERSION = "0.1.0";

    private VigilServer()
    {
    }

    /**
     * @param args the redis-server command line.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args));
    }

    /**
     * Start a node and wait until it is shut down.
     *
     * @param args the redis-server command line.
     * @return the process exit status.
     */
    static int run(final String[] args)
    {
        final ServerSettings settings;
        try
        {
            settings = ConfigSchema.standard().load(args);
        }
        catch (final ConfigException ex)
        {
            System.err.print(ex.fatalReport("Vigil " + VERSION));
            System.err.flush();
            return 1;
        }
        final CommandLine commandLine = settings.commandLine().orElse(null);
        if (commandLine != null && commandLine.versionRequested())
        {
            System.out.println("Vigil server v=" + VERSION + " (Redis protocol 7.0) java=" +
                System.getProperty("java.version"));
            return 0;
        }
        if (commandLine != null && commandLine.helpRequested())
        {
            System.err.println("Usage: java -jar vigil.jar [/path/to/redis.conf] [options] [-]");
            System.err.println("       java -jar vigil.jar - (read config from stdin)");
            System.err.println("       java -jar vigil.jar -v or --version");
            System.err.println("       java -jar vigil.jar -h or --help");
            System.err.println();
            System.err.println("Examples:");
            System.err.println("       java -jar vigil.jar (run the server with default conf)");
            System.err.println("       java -jar vigil.jar /etc/redis/6379.conf");
            System.err.println("       java -jar vigil.jar --port 7777");
            System.err.println("       java -jar vigil.jar --port 7777 --replicaof 127.0.0.1 8888");
            System.err.println("       java -jar vigil.jar /etc/myredis.conf --loglevel verbose");
            return 1;
        }
        try
        {
            settings.checkLogFile();
        }
        catch (final ConfigException ex)
        {
            System.err.print(ex.fatalReport("Vigil " + VERSION));
            return 1;
        }
        // slf4j-simple reads these once, when the first logger is made.
        if (!settings.logFile().isEmpty())
        {
            System.setProperty("org.slf4j.simpleLogger.logFile", settings.logFile());
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel(settings.logLevel()));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "dd MMM yyyy HH:mm:ss.SSS");
        final Logger log = LoggerFactory.getLogger(VigilServer.class);

        for (final ConfigDirective d : settings.trailingCommentDirectives())
        {
            log.warn("{}:{} accepted with its trailing comment dropped; Redis 7 refuses this line: {}",
                d.source(), d.lineNumber(), d.lineText());
        }
        if (settings.sentinelMode())
        {
            log.error("Sentinel mode is not available in this version of Vigil");
            return 1;
        }
        if (settings.replicaOf().isPresent())
        {
            log.error("replicaof is not available in this version of Vigil: replica links are not implemented yet");
            return 1;
        }

        final NodeConfig config;
        try
        {
            config = nodeConfig(settings);
        }
        catch (final IllegalArgumentException ex)
        {
            log.error("Invalid configuration: {}", ex.getMessage());
            return 1;
        }

        try
        {
            VigilStore.checkJvmFlags();
        }
        catch (final IllegalStateException ex)
        {
            System.err.println(ex.getMessage());
            return 1;
        }

        final VigilNode node;
        try
        {
            node = VigilNode.start(config);
        }
        catch (final UncheckedIOException ex)
        {
            log.error("{}", ex.getMessage());
            return 1;
        }
        log.info("Server initialized; Vigil {} (Redis protocol 7.0) started, pid={}", VERSION,
            ProcessHandle.current().pid());
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "vigil-signal"));
        try
        {
            while (!node.awaitTermination(Duration.ofSeconds(60)))
            {
                Thread.onSpinWait();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            node.close();
        }
        log.info("Vigil is now ready to exit, bye bye...");
        return 0;
    }

    private static String logLevel(final ServerSettings.LogLevel level)
    {
        return switch (level)
        {
            case DEBUG -> "debug";
            case VERBOSE -> "debug";
            case NOTICE -> "info";
            case WARNING -> "warn";
            default -> "off";
        };
    }

    static NodeConfig nodeConfig(final ServerSettings settings)
    {
        final List<String> bind = settings.bind();
        final ServerSettings.OutputBufferLimit normal =
            settings.clientOutputBufferLimit(ServerSettings.ClientClass.NORMAL);
        final ServerSettings.OutputBufferLimit pubsub =
            settings.clientOutputBufferLimit(ServerSettings.ClientClass.PUBSUB);
        return NodeConfig.builder()
            .store(StoreConfig.builder()
                .backlogSize((int)Math.min(Integer.MAX_VALUE / 2, settings.replBacklogSize()))
                .protoMaxBulkLen(settings.protoMaxBulkLen())
                .hz(Math.max(1, Math.min(500, settings.hz())))
                .build())
            .port(settings.port())
            .bind(bind.toArray(new String[0]))
            .protectedMode(settings.protectedMode())
            .requirepass(settings.requirePass().orElse(null))
            .maxclients((int)Math.min(Integer.MAX_VALUE, settings.maxClients()))
            .timeoutSeconds(settings.timeout())
            .normalLimit(new NodeConfig.OutputBufferLimit(
                normal.hardLimitBytes(), normal.softLimitBytes(), (int)normal.softLimitSeconds()))
            .pubsubLimit(new NodeConfig.OutputBufferLimit(
                pubsub.hardLimitBytes(), pubsub.softLimitBytes(), (int)pubsub.softLimitSeconds()))
            .build();
    }
}

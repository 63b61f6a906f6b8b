package io.vigil.replication.server;

import io.vigil.core.ErrorReply;
import io.vigil.core.StatusReply;
import io.vigil.core.VigilStore;
import io.vigil.replication.NodeConfig;
import io.vigil.replication.config.ConfigValues;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CONFIG GET, SET, RESETSTAT and REWRITE for the settings a node has, with Redis 7.0's names and error texts
 * (config.c). Settings that cannot change at run time are refused as Redis refuses immutable ones. I/O thread only.
 */
final class ConfigCommand
{
    private static final List<String> MUTABLE = List.of(
        "requirepass", "protected-mode", "maxclients", "timeout", "proto-max-bulk-len");

    private ConfigCommand()
    {
    }

    private static String str(final byte[] b)
    {
        return new String(b, StandardCharsets.UTF_8);
    }

    static Map<String, String> values(final RespServer server, final VigilStore store, final ServerContext context)
    {
        final NodeConfig config = context.config();
        final Map<String, String> v = new LinkedHashMap<>();
        v.put("port", Integer.toString(server.port()));
        v.put("bind", String.join(" ", config.bind()));
        v.put("requirepass", context.requirepass() == null ? "" : context.requirepass());
        v.put("protected-mode", context.protectedMode() ? "yes" : "no");
        v.put("maxclients", Integer.toString(context.maxclients()));
        v.put("timeout", Integer.toString(context.timeoutSeconds()));
        v.put("proto-max-bulk-len", Long.toString(context.protoMaxBulkLen()));
        v.put("repl-backlog-size", Integer.toString(store.log().capacity()));
        v.put("hz", Integer.toString(store.config().hz()));
        v.put("databases", "1");
        v.put("save", "");
        v.put("appendonly", "no");
        v.put("daemonize", "no");
        v.put("maxmemory", "0");
        v.put("maxmemory-policy", "noeviction");
        v.put("replica-read-only", "yes");
        v.put("slave-read-only", "yes");
        v.put("client-output-buffer-limit", "normal " + config.normalLimit() + " slave 268435456 67108864 60 pubsub " +
            config.pubsubLimit());
        v.put("dir", Path.of("").toAbsolutePath().toString());
        v.put("dbfilename", "dump.rdb");
        v.put("loglevel", "notice");
        return v;
    }

    static Object execute(
        final RespServer server, final VigilStore store, final ServerContext context, final byte[][] argv)
    {
        final String sub = str(argv[1]).toLowerCase(Locale.ROOT);
        switch (sub)
        {
            case "get":
                return get(server, store, context, argv);
            case "set":
                return set(server, store, context, argv);
            case "resetstat":
                server.totalCommandsProcessed = 0;
                server.totalConnectionsReceived = 0;
                server.rejectedConnections = 0;
                server.totalErrorReplies = 0;
                return StatusReply.OK;
            case "rewrite":
                return new ErrorReply("ERR The server is running without a config file");
            case "help":
                return ServerCommands.help("CONFIG",
                    "GET <pattern>",
                    "    Return parameters matching the glob-like <pattern> and their values.",
                    "SET <directive> <value>",
                    "    Set the configuration <directive> to <value>.",
                    "RESETSTAT",
                    "    Reset statistics reported by the INFO command.",
                    "REWRITE",
                    "    Rewrite the configuration file.");
            default:
                return ServerCommands.subcommandSyntaxError(argv);
        }
    }

    /**
     * config.c configGetCommand: a name without glob characters is looked up and answered as given; a pattern is
     * matched against every name. Each parameter is answered once.
     */
    private static Object get(
        final RespServer server, final VigilStore store, final ServerContext context, final byte[][] argv)
    {
        final Map<String, String> values = values(server, store, context);
        final Map<String, String> matches = new LinkedHashMap<>();
        for (int i = 2; i < argv.length; i++)
        {
            final String given = ServerCommands.latin1(argv[i]);
            final String lower = given.toLowerCase(Locale.ROOT);
            if (given.indexOf('*') < 0 && given.indexOf('?') < 0 && given.indexOf('[') < 0)
            {
                if (values.containsKey(lower))
                {
                    matches.putIfAbsent(lower, given);
                }
                continue;
            }
            for (final String name : values.keySet())
            {
                if (ServerCommands.matches(lower, name))
                {
                    matches.putIfAbsent(name, name);
                }
            }
        }
        final List<Object> reply = new ArrayList<>();
        for (final Map.Entry<String, String> e : matches.entrySet())
        {
            reply.add(e.getValue().getBytes(StandardCharsets.ISO_8859_1));
            reply.add(values.get(e.getKey()).getBytes(StandardCharsets.UTF_8));
        }
        return reply;
    }

    /**
     * config.c configSetCommand: first every name (unknown, immutable, duplicate), then every value, and only then
     * the change, so a CONFIG SET applies all of its parameters or none.
     */
    private static Object set(
        final RespServer server, final VigilStore store, final ServerContext context, final byte[][] argv)
    {
        if ((argv.length & 1) != 0)
        {
            return new ErrorReply("ERR syntax error");
        }
        final Map<String, String> known = values(server, store, context);
        final Map<String, String> changes = new LinkedHashMap<>();
        String unknown = null;
        ErrorReply refused = null;
        for (int i = 2; i < argv.length; i += 2)
        {
            final String given = ServerCommands.latin1(argv[i]);
            final String name = given.toLowerCase(Locale.ROOT);
            if (!known.containsKey(name))
            {
                if (unknown == null)
                {
                    unknown = given;
                }
                continue;
            }
            if (refused != null)
            {
                continue;
            }
            if (!MUTABLE.contains(name))
            {
                refused = failed(given, "can't set immutable config");
            }
            else if (changes.containsKey(name))
            {
                refused = failed(given, "duplicate parameter");
            }
            else
            {
                changes.put(name, str(argv[i + 1]));
            }
        }
        if (unknown != null)
        {
            return new ErrorReply("ERR Unknown option or number of arguments for CONFIG SET - '" + unknown + "'");
        }
        if (refused != null)
        {
            return refused;
        }
        for (final Map.Entry<String, String> e : changes.entrySet())
        {
            final String invalid = validate(e.getKey(), e.getValue());
            if (invalid != null)
            {
                return failed(e.getKey(), invalid);
            }
        }
        for (final Map.Entry<String, String> e : changes.entrySet())
        {
            final String value = e.getValue();
            switch (e.getKey())
            {
                case "requirepass" -> context.requirepass(value);
                case "protected-mode" -> context.protectedMode(value.equalsIgnoreCase("yes"));
                // A uint in Redis; an int is enough for any number of connections a JVM can hold.
                case "maxclients" -> context.maxclients((int)Math.min(Long.parseLong(value), Integer.MAX_VALUE));
                case "timeout" -> context.timeoutSeconds(Integer.parseInt(value));
                default ->
                {
                    // Requests are Java arrays: the effective limit stops at the longest array.
                    context.protoMaxBulkLen(memory(value));
                    server.updateLimits();
                }
            }
        }
        return StatusReply.OK;
    }

    private static ErrorReply failed(final String name, final String reason)
    {
        return new ErrorReply("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }

    private static String validate(final String name, final String value)
    {
        switch (name)
        {
            case "protected-mode":
                return value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("no") ?
                    null : "argument must be 'yes' or 'no'";
            case "maxclients":
                return integerIn(value, 1, 4_294_967_295L);
            case "timeout":
                return integerIn(value, 0, Integer.MAX_VALUE);
            case "proto-max-bulk-len":
            {
                final long bytes = memory(value);
                if (bytes < 0)
                {
                    return "argument must be a memory value";
                }
                return bytes < 1024 * 1024 ? "argument must be between 1048576 and " + Long.MAX_VALUE + " inclusive" : null;
            }
            default:
                return null;
        }
    }

    private static String integerIn(final String value, final long min, final long max)
    {
        final long n;
        try
        {
            n = Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            return "argument couldn't be parsed into an integer";
        }
        return n < min || n > max ? "argument must be between " + min + " and " + max + " inclusive" : null;
    }

    /**
     * util.c memtoull, as the configuration file reads it.
     *
     * @return bytes, or -1 if not a memory value.
     */
    static long memory(final String value)
    {
        final java.util.OptionalLong bytes = ConfigValues.memoryToBytes(value);
        return bytes.isPresent() && bytes.getAsLong() >= 0 ? bytes.getAsLong() : -1;
    }
}

package io.vigil.replication.server;

import io.vigil.core.ErrorReply;
import io.vigil.core.StatusReply;
import io.vigil.core.VigilStore;
import io.vigil.replication.NodeConfig;

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
            {
                if (argv.length < 3)
                {
                    return ServerCommands.wrongArity("config|get");
                }
                final Map<String, String> values = values(server, store, context);
                final List<Object> reply = new ArrayList<>();
                for (final Map.Entry<String, String> e : values.entrySet())
                {
                    for (int i = 2; i < argv.length; i++)
                    {
                        if (ServerCommands.matches(str(argv[i]).toLowerCase(Locale.ROOT), e.getKey()))
                        {
                            reply.add(e.getKey().getBytes(StandardCharsets.UTF_8));
                            reply.add(e.getValue().getBytes(StandardCharsets.UTF_8));
                            break;
                        }
                    }
                }
                return reply;
            }
            case "set":
                return set(server, store, context, argv);
            case "resetstat":
                if (argv.length != 2)
                {
                    return ServerCommands.wrongArity("config|resetstat");
                }
                server.totalCommandsProcessed = 0;
                server.totalConnectionsReceived = 0;
                server.rejectedConnections = 0;
                server.totalErrorReplies = 0;
                return StatusReply.OK;
            case "rewrite":
                return new ErrorReply("ERR The server is running without a config file");
            default:
                return new ErrorReply("ERR unknown subcommand '" + str(argv[1]) + "'. Try CONFIG HELP.");
        }
    }

    private static Object set(
        final RespServer server, final VigilStore store, final ServerContext context, final byte[][] argv)
    {
        if (argv.length < 4 || (argv.length & 1) != 0)
        {
            return ServerCommands.wrongArity("config|set");
        }
        final Map<String, String> known = values(server, store, context);
        final Map<String, String> changes = new LinkedHashMap<>();
        for (int i = 2; i < argv.length; i += 2)
        {
            final String name = str(argv[i]).toLowerCase(Locale.ROOT);
            final String value = str(argv[i + 1]);
            if (!known.containsKey(name))
            {
                return new ErrorReply("ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'");
            }
            if (!MUTABLE.contains(name))
            {
                return failed(name, "can't set immutable config");
            }
            final String invalid = validate(name, value);
            if (invalid != null)
            {
                return failed(name, invalid);
            }
            changes.put(name, value);
        }
        for (final Map.Entry<String, String> e : changes.entrySet())
        {
            final String value = e.getValue();
            switch (e.getKey())
            {
                case "requirepass" -> context.requirepass(value);
                case "protected-mode" -> context.protectedMode(value.equalsIgnoreCase("yes"));
                case "maxclients" -> context.maxclients(Integer.parseInt(value));
                case "timeout" -> context.timeoutSeconds(Integer.parseInt(value));
                default ->
                {
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
                return integerIn(value, 1, Integer.MAX_VALUE);
            case "timeout":
                return integerIn(value, 0, Integer.MAX_VALUE);
            case "proto-max-bulk-len":
            {
                final long bytes = memory(value);
                if (bytes < 0)
                {
                    return "argument must be a memory value";
                }
                return bytes < 1024 * 1024 || bytes > Integer.MAX_VALUE - 8 ?
                    "argument must be between 1048576 and " + (Integer.MAX_VALUE - 8) + " inclusive" : null;
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
     * util.c memtoull: a number with an optional unit (k, kb, m, mb, g, gb; case-insensitive).
     *
     * @return bytes, or -1 if invalid.
     */
    static long memory(final String value)
    {
        final String v = value.toLowerCase(Locale.ROOT);
        int end = v.length();
        while (end > 0 && !Character.isDigit(v.charAt(end - 1)))
        {
            end--;
        }
        final String unit = v.substring(end);
        final long multiplier = switch (unit)
        {
            case "" , "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> -1;
        };
        if (multiplier < 0 || end == 0)
        {
            return -1;
        }
        try
        {
            return Math.multiplyExact(Long.parseLong(v.substring(0, end)), multiplier);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            return -1;
        }
    }
}

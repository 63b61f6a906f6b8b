package io.vigil.replication.server;

import io.vigil.core.CommandSpec;
import io.vigil.core.ErrorReply;
import io.vigil.core.VigilStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * COMMAND, COMMAND COUNT, COMMAND LIST, COMMAND INFO and COMMAND DOCS, describing both the store's commands and the
 * node's own, in Redis 7.0's reply shapes (enough for redis-cli's hints and for client libraries). I/O thread only.
 */
final class CommandCommand
{
    private CommandCommand()
    {
    }

    private record Described(String name, int arity, List<String> flags, int firstKey, int lastKey, int step,
        String group, String summary)
    {
    }

    private static byte[] bulk(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Described> all(final VigilStore store)
    {
        final Map<String, Described> all = new LinkedHashMap<>();
        for (final CommandSpec spec : store.commandTable().commands())
        {
            final List<String> flags = new ArrayList<>();
            flags.add(spec.isWrite() ? "write" : "readonly");
            if ((spec.flags() & CommandSpec.DENY_OOM) != 0)
            {
                flags.add("denyoom");
            }
            final int lastKey = keyless(spec.name()) ? 0 : multiKey(spec.name());
            all.put(spec.name(), new Described(spec.name(), spec.arity(), flags,
                keyless(spec.name()) ? 0 : 1, lastKey, keyless(spec.name()) ? 0 : step(spec.name()),
                genericGroup(spec.name()) ? "generic" : "string", spec.name().toUpperCase(Locale.ROOT) + " command"));
        }
        for (final ServerCommands.ServerCommand c : ServerCommands.TABLE.values())
        {
            final List<String> flags = new ArrayList<>(List.of(c.flags().isEmpty() ? new String[0] : c.flags().split(" ")));
            all.put(c.name(), new Described(c.name(), c.arity(), flags, c.name().equals("watch") ? 1 : 0,
                c.name().equals("watch") ? -1 : 0, c.name().equals("watch") ? 1 : 0, c.group(), c.summary()));
        }
        return all;
    }

    private static boolean keyless(final String name)
    {
        return name.equals("dbsize") || name.equals("flushall") || name.equals("flushdb") || name.equals("keys") ||
            name.equals("scan") || name.equals("randomkey");
    }

    private static int multiKey(final String name)
    {
        return switch (name)
        {
            case "del", "unlink", "exists", "mget", "mset", "msetnx" -> -1;
            case "rename", "renamenx" -> 2;
            default -> 1;
        };
    }

    private static int step(final String name)
    {
        return name.equals("mset") || name.equals("msetnx") ? 2 : 1;
    }

    private static boolean genericGroup(final String name)
    {
        return switch (name)
        {
            case "del", "unlink", "exists", "type", "expire", "pexpire", "expireat", "pexpireat", "ttl", "pttl",
                "expiretime", "pexpiretime", "persist", "rename", "renamenx", "keys", "scan", "randomkey" -> true;
            default -> false;
        };
    }

    private static Object info(final Described d)
    {
        final Object[] flags = new Object[d.flags().size()];
        for (int i = 0; i < flags.length; i++)
        {
            flags[i] = new io.vigil.core.StatusReply(d.flags().get(i));
        }
        return new Object[]{
            bulk(d.name()), (long)d.arity(), flags, (long)d.firstKey(), (long)d.lastKey(), (long)d.step(),
            new Object[0], new Object[0], new Object[0], new Object[0] };
    }

    private static Object docs(final Described d)
    {
        return new Object[]{
            bulk("summary"), bulk(d.summary()),
            bulk("since"), bulk("1.0.0"),
            bulk("group"), bulk(d.group()) };
    }

    static Object execute(final VigilStore store, final byte[][] argv)
    {
        final Map<String, Described> all = all(store);
        if (argv.length == 1)
        {
            final List<Object> infos = new ArrayList<>();
            for (final Described d : all.values())
            {
                infos.add(info(d));
            }
            return infos;
        }
        final String sub = new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        switch (sub)
        {
            case "count":
                return argv.length == 2 ? (Object)(long)all.size() : ServerCommands.wrongArity("command|count");
            case "list":
            {
                final List<Object> names = new ArrayList<>();
                for (final String name : all.keySet())
                {
                    names.add(bulk(name));
                }
                return names;
            }
            case "info":
            {
                final List<Object> infos = new ArrayList<>();
                if (argv.length == 2)
                {
                    for (final Described d : all.values())
                    {
                        infos.add(info(d));
                    }
                }
                for (int i = 2; i < argv.length; i++)
                {
                    final Described d = all.get(new String(argv[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
                    infos.add(d == null ? null : info(d));
                }
                return infos;
            }
            case "docs":
            {
                final List<Object> docs = new ArrayList<>();
                if (argv.length == 2)
                {
                    for (final Described d : all.values())
                    {
                        docs.add(bulk(d.name()));
                        docs.add(docs(d));
                    }
                }
                for (int i = 2; i < argv.length; i++)
                {
                    final Described d = all.get(new String(argv[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
                    if (d != null)
                    {
                        docs.add(bulk(d.name()));
                        docs.add(docs(d));
                    }
                }
                return docs;
            }
            default:
                return new ErrorReply("ERR unknown subcommand '" + new String(argv[1], StandardCharsets.UTF_8) +
                    "'. Try COMMAND HELP.");
        }
    }
}

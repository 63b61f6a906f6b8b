package io.vigil.replication.server;

import io.vigil.core.CommandSpec;
import io.vigil.core.ErrorReply;
import io.vigil.core.StatusReply;
import io.vigil.core.VigilStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * COMMAND, COMMAND COUNT, COMMAND LIST, COMMAND INFO and COMMAND DOCS, describing both the store's commands and the
 * node's own, in Redis 7.0's reply shapes (enough for redis-cli's hints and for client libraries). Subcommands of
 * the container commands are described as Redis 7.0 does: nested in their container's entry, listed by COMMAND
 * LIST, and looked up by full name ({@code client|kill}). I/O thread only.
 */
final class CommandCommand
{
    private static final ErrorReply SYNTAX = new ErrorReply("ERR syntax error");

    private CommandCommand()
    {
    }

    private record Described(String name, int arity, List<String> flags, int firstKey, int lastKey, int step,
        List<String> categories, String group, String summary, List<Described> subcommands)
    {
    }

    private static byte[] bulk(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return the top-level commands by name, store commands first.
     */
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
            final boolean keyless = keyless(spec.name());
            final boolean generic = genericGroup(spec.name());
            final List<String> categories = List.of(
                spec.isWrite() ? "@write" : "@read", generic ? "@keyspace" : "@string");
            all.put(spec.name(), new Described(spec.name(), spec.arity(), flags,
                keyless ? 0 : 1, keyless ? 0 : multiKey(spec.name()), keyless ? 0 : step(spec.name()),
                categories, generic ? "generic" : "string", spec.name().toUpperCase(Locale.ROOT) + " command",
                List.of()));
        }
        for (final ServerCommands.ServerCommand c : ServerCommands.TABLE.values())
        {
            final List<Described> subcommands = new ArrayList<>();
            final Map<String, ServerCommands.ServerCommand> subs = ServerCommands.SUBCOMMANDS.get(c.name());
            if (subs != null)
            {
                for (final ServerCommands.ServerCommand sub : subs.values())
                {
                    subcommands.add(describe(sub, List.of()));
                }
            }
            all.put(c.name(), describe(c, subcommands));
        }
        return all;
    }

    private static Described describe(final ServerCommands.ServerCommand c, final List<Described> subcommands)
    {
        final boolean watch = c.name().equals("watch");
        final List<String> flags = c.flags().isEmpty() ? List.of() : List.of(c.flags().split(" "));
        final List<String> categories = new ArrayList<>();
        if (c.has("admin"))
        {
            categories.add("@admin");
        }
        if (c.has("fast"))
        {
            categories.add("@fast");
        }
        switch (c.group())
        {
            case "connection" -> categories.add("@connection");
            case "pubsub" -> categories.add("@pubsub");
            case "transactions" -> categories.add("@transaction");
            default ->
            {
            }
        }
        return new Described(c.name(), c.arity(), flags, watch ? 1 : 0, watch ? -1 : 0, watch ? 1 : 0, categories,
            c.group(), c.summary(), subcommands);
    }

    /**
     * @return every command and subcommand by full name.
     */
    private static Map<String, Described> withSubcommands(final Map<String, Described> all)
    {
        final Map<String, Described> names = new LinkedHashMap<>();
        for (final Described d : all.values())
        {
            names.put(d.name(), d);
            for (final Described sub : d.subcommands())
            {
                names.put(sub.name(), sub);
            }
        }
        return names;
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
                "expiretime", "pexpiretime", "persist", "rename", "renamenx", "keys", "scan", "randomkey", "dbsize",
                "flushall", "flushdb" -> true;
            default -> false;
        };
    }

    /**
     * server.c addReplyCommandInfo: name, arity, flags, first key, last key, step, ACL categories, tips, key specs,
     * subcommands.
     */
    private static Object info(final Described d)
    {
        final Object[] flags = new Object[d.flags().size()];
        for (int i = 0; i < flags.length; i++)
        {
            flags[i] = new StatusReply(d.flags().get(i));
        }
        final Object[] categories = new Object[d.categories().size()];
        for (int i = 0; i < categories.length; i++)
        {
            categories[i] = new StatusReply(d.categories().get(i));
        }
        final Object[] subcommands = new Object[d.subcommands().size()];
        for (int i = 0; i < subcommands.length; i++)
        {
            subcommands[i] = info(d.subcommands().get(i));
        }
        return new Object[]{
            bulk(d.name()), (long)d.arity(), flags, (long)d.firstKey(), (long)d.lastKey(), (long)d.step(),
            categories, new Object[0], new Object[0], subcommands };
    }

    /**
     * server.c addReplyCommandDocs: a map of the documentation fields Vigil has.
     */
    private static Object docs(final Described d)
    {
        final List<Object> docs = new ArrayList<>(List.of(
            bulk("summary"), bulk(d.summary()),
            bulk("since"), bulk("1.0.0"),
            bulk("group"), bulk(d.group())));
        if (!d.subcommands().isEmpty())
        {
            final List<Object> subcommands = new ArrayList<>();
            for (final Described sub : d.subcommands())
            {
                subcommands.add(bulk(sub.name()));
                subcommands.add(docs(sub));
            }
            docs.add(bulk("subcommands"));
            docs.add(subcommands);
        }
        return docs;
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
                return (long)all.size();
            case "list":
                return list(all, argv);
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
                final Map<String, Described> names = withSubcommands(all);
                for (int i = 2; i < argv.length; i++)
                {
                    final Described d = names.get(new String(argv[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
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
                final Map<String, Described> names = withSubcommands(all);
                for (int i = 2; i < argv.length; i++)
                {
                    final Described d = names.get(new String(argv[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
                    if (d != null)
                    {
                        docs.add(bulk(d.name()));
                        docs.add(docs(d));
                    }
                }
                return docs;
            }
            case "help":
                return ServerCommands.help("COMMAND",
                    "(no subcommand)",
                    "    Return details about all Redis commands.",
                    "COUNT",
                    "    Return the total number of commands in this Redis server.",
                    "LIST",
                    "    Return a list of all commands in this Redis server.",
                    "INFO [<command-name> ...]",
                    "    Return details about multiple Redis commands.",
                    "    If no command names are given, documentation details for all",
                    "    commands are returned.",
                    "DOCS [<command-name> ...]",
                    "    Return documentation details about multiple Redis commands.",
                    "    If no command names are given, documentation details for all",
                    "    commands are returned.");
            default:
                return ServerCommands.subcommandSyntaxError(argv);
        }
    }

    /**
     * server.c commandListCommand: every command and subcommand, or those of one FILTERBY MODULE, ACLCAT or PATTERN.
     */
    private static Object list(final Map<String, Described> all, final byte[][] argv)
    {
        String filter = null;
        String value = null;
        for (int j = 2; j < argv.length; j++)
        {
            final int moreArgs = argv.length - 1 - j;
            if (new String(argv[j], StandardCharsets.UTF_8).equalsIgnoreCase("filterby") && moreArgs == 2)
            {
                filter = new String(argv[j + 1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                if (!filter.equals("module") && !filter.equals("aclcat") && !filter.equals("pattern"))
                {
                    return SYNTAX;
                }
                value = new String(argv[j + 2], StandardCharsets.UTF_8);
                j += 2;
            }
            else
            {
                return SYNTAX;
            }
        }
        final List<Object> names = new ArrayList<>();
        if ("module".equals(filter))
        {
            // Vigil has no modules.
            return names;
        }
        for (final Described d : withSubcommands(all).values())
        {
            if (filter == null ||
                (filter.equals("pattern") && ServerCommands.matches(value.toLowerCase(Locale.ROOT), d.name())) ||
                (filter.equals("aclcat") && d.categories().contains("@" + value.toLowerCase(Locale.ROOT))))
            {
                names.add(bulk(d.name()));
            }
        }
        return names;
    }
}

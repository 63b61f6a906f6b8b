package io.vigil.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one command table that the in-process API and the RESP server both dispatch through. Lookup is
 * case-insensitive on the raw name bytes and allocates nothing. Immutable after construction; threadsafe.
 */
public final class CommandTable
{
    private static final CommandTable DEFAULT = new CommandTable();

    /** server.c shared.roslaveerr: a write to a read-only replica. */
    public static final ErrorReply READONLY = Replies.READONLY;

    private final CommandSpec[] slots = new CommandSpec[256];
    private final List<CommandSpec> commands = new ArrayList<>();

    private CommandTable()
    {
        StringCommands.register(this);
        KeyCommands.register(this);
    }

    /**
     * @return the table of every command Vigil's core implements.
     */
    public static CommandTable standard()
    {
        return DEFAULT;
    }

    void add(final String name, final int arity, final int flags, final CommandSpec.Handler handler)
    {
        final CommandSpec spec = new CommandSpec(name.toLowerCase(), arity, flags, handler);
        final byte[] bytes = spec.name().getBytes(StandardCharsets.US_ASCII);
        int i = hash(bytes, bytes.length) & (slots.length - 1);
        while (slots[i] != null)
        {
            if (slots[i].name().equals(spec.name()))
            {
                throw new IllegalStateException("duplicate command " + name);
            }
            i = (i + 1) & (slots.length - 1);
        }
        slots[i] = spec;
        commands.add(spec);
    }

    /**
     * @param name command name in any case.
     * @return the command or null if unknown.
     */
    public CommandSpec lookup(final byte[] name)
    {
        final int length = name.length;
        int i = hash(name, length) & (slots.length - 1);
        CommandSpec spec;
        while ((spec = slots[i]) != null)
        {
            if (equalsIgnoreCase(spec.name(), name))
            {
                return spec;
            }
            i = (i + 1) & (slots.length - 1);
        }
        return null;
    }

    /**
     * @param name command name in any case.
     * @return the command or null if unknown.
     */
    public CommandSpec lookup(final String name)
    {
        return lookup(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return every command, in registration order.
     */
    public List<CommandSpec> commands()
    {
        return Collections.unmodifiableList(commands);
    }

    /**
     * @param argv a request whose name is not in the table.
     * @return server.c processCommand's error text for it, as the bytes Redis sends.
     */
    public static byte[] unknownCommandMessage(final byte[][] argv)
    {
        return Replies.unknownCommandMessage(argv, argv.length);
    }

    /**
     * @param fullName the command's lower-case full name, e.g. {@code get} or {@code client|kill}.
     * @return networking.c addReplyErrorArity's error.
     */
    public static ErrorReply wrongArity(final String fullName)
    {
        return Replies.wrongArity(fullName);
    }

    private static int hash(final byte[] name, final int length)
    {
        int h = 0;
        for (int i = 0; i < length; i++)
        {
            h = 31 * h + (name[i] | 0x20);
        }
        return h ^ (h >>> 7);
    }

    private static boolean equalsIgnoreCase(final String lowerName, final byte[] name)
    {
        if (lowerName.length() != name.length)
        {
            return false;
        }
        for (int i = 0; i < name.length; i++)
        {
            int c = name[i];
            if (c >= 'A' && c <= 'Z')
            {
                c += 'a' - 'A';
            }
            if (c != lowerName.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}

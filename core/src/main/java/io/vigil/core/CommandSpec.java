package io.vigil.core;

/**
 * One entry of the command table: a name, Redis's arity convention, flags, and the handler. Immutable.
 */
public final class CommandSpec
{
    /** The command changes the keyspace and must run on the writer. */
    public static final int WRITE = 1;
    /** The command only reads and may run on any thread. */
    public static final int READONLY = 2;
    /** The command may grow memory (Redis's "denyoom"). */
    public static final int DENY_OOM = 4;
    /** The command takes no key arguments (Redis's first key 0); every other command's first key is argv[1]. */
    public static final int NO_KEYS = 8;

    /**
     * Executes a command. Handlers must not keep {@code argv}.
     */
    @FunctionalInterface
    public interface Handler
    {
        /**
         * @param ctx  the context the command runs in.
         * @param argv arguments, argv[0] being the command name.
         * @param argc number of arguments in use.
         * @return the reply: null (nil), byte[] (bulk), Long (integer), {@link StatusReply}, {@link ErrorReply} or
         * Object[] (array of those).
         */
        Object execute(CommandContext ctx, byte[][] argv, int argc);
    }

    private final String name;
    private final int arity;
    private final int flags;
    private final Handler handler;

    CommandSpec(final String name, final int arity, final int flags, final Handler handler)
    {
        this.name = name;
        this.arity = arity;
        this.flags = flags;
        this.handler = handler;
    }

    /**
     * @return the lower-case name, as Redis's command fullname.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return arity as Redis defines it: N exactly N arguments including the name, -N at least N.
     */
    public int arity()
    {
        return arity;
    }

    /**
     * @return flags such as {@link #WRITE}.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @return true if the command must run on the writer.
     */
    public boolean isWrite()
    {
        return (flags & WRITE) != 0;
    }

    /**
     * @return true if argv[1] is a key, as for every command without {@link #NO_KEYS}.
     */
    public boolean hasKeys()
    {
        return (flags & NO_KEYS) == 0;
    }

    /**
     * @param argc number of arguments including the name.
     * @return true if the arity allows it.
     */
    public boolean arityMatches(final int argc)
    {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    Handler handler()
    {
        return handler;
    }

    Object execute(final CommandContext ctx, final byte[][] argv, final int argc)
    {
        return handler.execute(ctx, argv, argc);
    }
}

package io.vigil.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A MULTI/EXEC transaction: commands queued by one client and the keys it WATCHed, executed as one batch on the
 * writer, so no other write interleaves with it. Built and submitted by one thread; not threadsafe.
 * <p>
 * WATCH records the entry a key had when it was watched. Every change to a key publishes a new immutable entry, so at
 * EXEC the transaction is aborted if any watched key's current entry is not the recorded one.
 */
public final class Transaction
{
    private final List<CommandSpec> specs = new ArrayList<>();
    private final List<byte[][]> commands = new ArrayList<>();
    private final List<byte[]> watchedKeys = new ArrayList<>();
    private final List<Entry> watchedEntries = new ArrayList<>();

    /**
     * Queue a command; the caller has checked that it exists and its arity.
     *
     * @param spec the command.
     * @param argv its arguments; ownership passes to the transaction.
     */
    public void queue(final CommandSpec spec, final byte[][] argv)
    {
        specs.add(spec);
        commands.add(argv);
    }

    /**
     * WATCH a key: record its current entry.
     *
     * @param store the store.
     * @param key   the key.
     */
    public void watch(final VigilStore store, final byte[] key)
    {
        watchedKeys.add(key);
        watchedEntries.add(store.keyspace().get(key));
    }

    /**
     * @return number of commands queued.
     */
    public int size()
    {
        return commands.size();
    }

    /**
     * @return true if any key is watched.
     */
    public boolean hasWatches()
    {
        return !watchedKeys.isEmpty();
    }

    /**
     * Forget queued commands and watched keys (DISCARD, or after EXEC).
     */
    public void clear()
    {
        specs.clear();
        commands.clear();
        watchedKeys.clear();
        watchedEntries.clear();
    }

    /**
     * Forget watched keys only (UNWATCH).
     */
    public void unwatch()
    {
        watchedKeys.clear();
        watchedEntries.clear();
    }

    Transaction copy()
    {
        final Transaction t = new Transaction();
        t.specs.addAll(specs);
        t.commands.addAll(commands);
        t.watchedKeys.addAll(watchedKeys);
        t.watchedEntries.addAll(watchedEntries);
        return t;
    }

    /**
     * Runs on the writer.
     *
     * @return the replies as an array, or null (a null array reply) if a watched key changed.
     */
    Object run(final WriterAgent writer)
    {
        final Keyspace keyspace = writer.context().keyspace;
        for (int i = 0; i < watchedKeys.size(); i++)
        {
            if (keyspace.get(watchedKeys.get(i)) != watchedEntries.get(i))
            {
                return null;
            }
        }
        final Object[] replies = new Object[commands.size()];
        for (int i = 0; i < replies.length; i++)
        {
            final CommandSpec spec = specs.get(i);
            final byte[][] argv = commands.get(i);
            try
            {
                replies[i] = spec.isWrite() ?
                    writer.execute(spec, argv, argv.length) : spec.execute(writer.context(), argv, argv.length);
            }
            catch (final Throwable ex)
            {
                // As in Redis, a command that fails at run time gets its error and the rest of the EXEC still runs.
                replies[i] = Replies.thrown(ex);
            }
        }
        return replies;
    }
}

package io.vigil.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The command API an application calls in-process. Every method is threadsafe.
 * <p>
 * {@link #execute} runs any command of the {@link CommandTable} and returns its reply as a value: null (nil),
 * {@code byte[]} (bulk string), {@code Long} (integer), {@link StatusReply}, {@link ErrorReply} or {@code Object[]}.
 * The typed methods are conveniences over it that convert the reply and throw {@link VigilException} with Redis's
 * error text when the command fails. Strings are encoded as UTF-8.
 * <p>
 * Reads ({@link #get}, and read-only commands through {@link #execute}) run on the calling thread, lock-free.
 * Writes go through the single writer; a synchronous write returns once its effect is in the keyspace and in the
 * replication log. Byte arrays passed to writes are copied; byte arrays returned must not be modified.
 */
public interface VigilCommands
{
    /**
     * Run a command synchronously.
     *
     * @param argv the command name and its arguments.
     * @return the reply; errors are returned as {@link ErrorReply}, not thrown.
     */
    Object execute(byte[]... argv);

    /**
     * Run a command asynchronously. Reads complete before this method returns. The future of a write completes on
     * the writer thread, so dependent stages added with the non-async methods of {@link CompletableFuture} run there
     * and must be short.
     *
     * @param argv the command name and its arguments.
     * @return the reply, as {@link #execute} returns it.
     */
    CompletableFuture<Object> executeAsync(byte[]... argv);

    /**
     * Lock-free read of a key's value on the calling thread.
     *
     * @param key the key.
     * @return the value, or null if the key does not exist or has expired. Must not be modified.
     */
    byte[] get(byte[] key);

    /**
     * @param args command name and arguments, UTF-8 encoded.
     * @return the reply, as {@link #execute(byte[]...)} returns it.
     */
    default Object execute(final String... args)
    {
        return execute(utf8(args));
    }

    /**
     * @param args command name and arguments, UTF-8 encoded.
     * @return the reply, as {@link #executeAsync(byte[]...)} returns it.
     */
    default CompletableFuture<Object> executeAsync(final String... args)
    {
        return executeAsync(utf8(args));
    }

    /**
     * @param key the key.
     * @return the value decoded as UTF-8, or null.
     */
    default String get(final String key)
    {
        final byte[] value = get(key.getBytes(StandardCharsets.UTF_8));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /**
     * SET key value.
     *
     * @param key   the key.
     * @param value the value.
     */
    default void set(final byte[] key, final byte[] value)
    {
        check(execute(Names.SET, key, value));
    }

    /**
     * SET key value.
     *
     * @param key   the key.
     * @param value the value.
     */
    default void set(final String key, final String value)
    {
        set(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * SET key value PX ttl.
     *
     * @param key   the key.
     * @param value the value.
     * @param ttl   time to live, at least one millisecond.
     */
    default void set(final String key, final String value, final Duration ttl)
    {
        check(execute("SET", key, value, "PX", Long.toString(ttl.toMillis())));
    }

    /**
     * SET key value, asynchronously.
     *
     * @param key   the key.
     * @param value the value.
     * @return completes with {@link StatusReply#OK} once the write is in the keyspace and the log.
     */
    default CompletableFuture<Object> setAsync(final byte[] key, final byte[] value)
    {
        return executeAsync(Names.SET, key, value);
    }

    /**
     * DEL key [key ...].
     *
     * @param keys the keys.
     * @return number of keys deleted.
     */
    default long del(final String... keys)
    {
        final String[] args = new String[keys.length + 1];
        args[0] = "DEL";
        System.arraycopy(keys, 0, args, 1, keys.length);
        return (Long)check(execute(args));
    }

    /**
     * INCRBY key increment.
     *
     * @param key       the key.
     * @param increment the increment.
     * @return the new value.
     */
    default long incrBy(final String key, final long increment)
    {
        return (Long)check(execute("INCRBY", key, Long.toString(increment)));
    }

    /**
     * INCR key.
     *
     * @param key the key.
     * @return the new value.
     */
    default long incr(final String key)
    {
        return (Long)check(execute("INCR", key));
    }

    /**
     * PEXPIRE key ttl.
     *
     * @param key the key.
     * @param ttl time to live.
     * @return true if the deadline was set, false if the key does not exist.
     */
    default boolean expire(final String key, final Duration ttl)
    {
        return (Long)check(execute("PEXPIRE", key, Long.toString(ttl.toMillis()))) == 1L;
    }

    /**
     * PTTL key.
     *
     * @param key the key.
     * @return remaining milliseconds, -1 if the key has no deadline, -2 if it does not exist.
     */
    default long pttl(final String key)
    {
        return (Long)check(execute("PTTL", key));
    }

    /**
     * EXISTS key.
     *
     * @param key the key.
     * @return true if the key exists.
     */
    default boolean exists(final String key)
    {
        return (Long)check(execute("EXISTS", key)) == 1L;
    }

    /**
     * DBSIZE.
     *
     * @return number of keys.
     */
    default long dbSize()
    {
        return (Long)check(execute("DBSIZE"));
    }

    /**
     * @param reply a reply.
     * @return the reply, unless it is an error.
     * @throws VigilException with the error's text.
     */
    static Object check(final Object reply)
    {
        if (reply instanceof ErrorReply)
        {
            throw new VigilException(((ErrorReply)reply).message());
        }
        return reply;
    }

    /**
     * @param args strings.
     * @return their UTF-8 bytes.
     */
    static byte[][] utf8(final String... args)
    {
        final byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++)
        {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return argv;
    }

    /**
     * Command names used by the typed methods.
     */
    final class Names
    {
        static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);

        private Names()
        {
        }
    }
}

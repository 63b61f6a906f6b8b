package io.vigil.benchmarks;

import io.vigil.core.CommandSpec;
import io.vigil.core.StoreConfig;
import io.vigil.core.VigilStore;
import io.vigil.core.WriteCallback;
import org.agrona.concurrent.AgentInvoker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end-to-end write path of a {@link VigilStore} whose writer runs on its own thread
 * ({@code ThreadingMode.DEDICATED}): SET of a 16-byte key and a 64-byte value over 100,000 keys, through the
 * writer's ring buffer, the command table, the keyspace and the replication log.
 * <p>
 * Synchronous, {@link Mode#SampleTime} in microseconds (read p0.50 and p0.99):
 * <ul>
 *     <li>{@code syncSetVigil}: {@link VigilStore#executeOwned} of SET; returns once the writer applied the write
 *     and published its log bytes.</li>
 *     <li>{@code syncSetHandoffConcurrentHashMap}, the anchor: the same round trip built from JDK parts, see
 *     {@link Handoff}.</li>
 * </ul>
 * Asynchronous, {@link Mode#Throughput} in operations per microsecond (1 op/us = 1 million writes per second):
 * <ul>
 *     <li>{@code asyncSetVigil} (one producer thread) and {@code asyncSetVigilTwoProducers} (two):
 *     {@link VigilStore#executeOwnedAsync} of SET with at most {@link Window#SIZE} writes in flight per producer,
 *     see {@link Window} for exactly what is counted.</li>
 *     <li>{@code asyncSetVigilCallback}: the same SETs through {@link VigilStore#submit}, the callback API the RESP
 *     server uses, with one reused callback per producer instead of a future per write; see
 *     {@link CallbackWindow}.</li>
 *     <li>{@code asyncSetConcurrentHashMap} and {@code asyncSetConcurrentHashMapTwoThreads}, the anchors:
 *     ConcurrentHashMap.put of the same keys and values straight from the same number of threads, with no handoff;
 *     the ceiling a write path that ends in a hash map could approach.</li>
 *     <li>{@code asyncSetVigilInvoker}, a diagnostic against the same one-thread anchor: the same asynchronous SETs
 *     with the writer run inline on the producer thread ({@code ThreadingMode.INVOKER}), so the figure is the CPU
 *     cost of the whole write path on one core, with no cross-core traffic and no scheduling: the most a single
 *     writer could sustain on this machine.</li>
 * </ul>
 * Each method uses only the state it needs, so the anchors' fork starts no store and Vigil's fork starts no
 * consumer thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    ForkOptions.AGRONA, ForkOptions.HEAP_INITIAL, ForkOptions.HEAP_MAX, ForkOptions.PRE_TOUCH })
public class WritePathBenchmark
{
    static final int KEYS = 100_000;
    /** Writes per invocation of {@link #asyncSetVigilInvoker}: the writer's batch limit. */
    static final int INVOKER_BATCH = 256;

    /**
     * The 100,000 keys, the value pool and a random order over the keys.
     */
    @State(Scope.Benchmark)
    public static class Data
    {
        byte[][] keys;
        byte[][] values;
        int[] order;
        int[] fillOrder;

        /**
         * Generate the data.
         */
        @Setup(Level.Trial)
        public void generate()
        {
            keys = BenchmarkData.keys(KEYS);
            values = BenchmarkData.values();
            order = BenchmarkData.randomOrder(KEYS);
            fillOrder = BenchmarkData.fillOrder(KEYS);
        }
    }

    /**
     * A running store holding every key, so each measured SET overwrites one.
     */
    @State(Scope.Benchmark)
    public static class Store
    {
        VigilStore store;

        /**
         * Start and fill the store.
         *
         * @param data the keys and values.
         */
        @Setup(Level.Trial)
        public void start(final Data data)
        {
            store = Stores.startDedicated(KEYS);
            Stores.fill(store, data.keys, data.values, data.fillOrder);
        }

        /**
         * Stop the store.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            store.close();
        }
    }

    /**
     * A store whose writer is driven by the benchmark thread, holding every key.
     */
    @State(Scope.Thread)
    public static class InvokerStore
    {
        VigilStore store;
        AgentInvoker invoker;

        /**
         * Start and fill the store.
         *
         * @param data the keys and values.
         */
        @Setup(Level.Trial)
        public void start(final Data data)
        {
            store = VigilStore.start(StoreConfig.builder()
                .threadingMode(StoreConfig.ThreadingMode.INVOKER)
                .expectedKeys(KEYS)
                .build());
            invoker = store.invoker();
            CompletableFuture<Object> last = null;
            int n = 0;
            for (final int i : data.fillOrder)
            {
                last = store.executeOwnedAsync(Stores.SET, data.keys[i], data.values[i % data.values.length]);
                if ((++n & 4095) == 0)
                {
                    drive(invoker, last);
                }
            }
            drive(invoker, last);
            if (store.dbSize() != KEYS)
            {
                throw new IllegalStateException("store holds " + store.dbSize() + " keys");
            }
        }

        /**
         * Stop the store.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            store.close();
        }
    }

    /**
     * The last {@link #SIZE} futures of one producer thread, which bounds the writes it has in flight.
     * <p>
     * What the asynchronous benchmarks measure: each invocation first waits for the future of the write submitted
     * {@code SIZE} invocations earlier, then submits one new write. JMH counts submissions; every counted write
     * except the last {@code SIZE} of an iteration has completed, that is, been applied to the keyspace and published
     * in the log, before the iteration ends, and those last ones are awaited between iterations ({@link #drain}),
     * outside the timed region. With a million or more writes per iteration the difference between writes submitted
     * and writes completed in the timed region is about 0.1% or less. So the figure is the sustained rate of
     * completed asynchronous writes from a producer that keeps at most {@code SIZE} of them outstanding, not just
     * the rate at which requests can be queued.
     * <p>
     * The producer waits for the old future by polling {@code isDone()}, spinning then yielding as Vigil's own
     * synchronous callers wait, not with {@code join()}: a producer parked in {@code join()} makes the writer unpark
     * it from {@code CompletableFuture.complete}, and that unpark, paid on the writer thread, would be measured as
     * part of the store's throughput.
     */
    @State(Scope.Thread)
    public static class Window
    {
        /** Writes in flight per producer, at most; a power of two. */
        static final int SIZE = 1024;

        final CompletableFuture<?>[] futures = new CompletableFuture<?>[SIZE];
        int next;

        /**
         * Wait for every outstanding write of this producer.
         */
        @TearDown(Level.Iteration)
        public void drain()
        {
            for (int i = 0; i < SIZE; i++)
            {
                if (futures[i] != null)
                {
                    futures[i].join();
                    futures[i] = null;
                }
            }
        }
    }

    /**
     * A ConcurrentHashMap holding every key, for the asynchronous anchors.
     */
    @State(Scope.Benchmark)
    public static class Map
    {
        ConcurrentHashMap<BytesKey, byte[]> map;

        /**
         * Fill the map.
         *
         * @param data the keys and values.
         */
        @Setup(Level.Trial)
        public void fill(final Data data)
        {
            map = filledMap(data);
        }
    }

    /**
     * The synchronous anchor: the plain JDK way to funnel writes into a single writer thread and wait for each.
     * The caller puts a request (key, value and a {@link CompletableFuture}) on a {@link ConcurrentLinkedQueue}; one
     * consumer thread takes requests, does the ConcurrentHashMap.put and completes the future; the caller waits for
     * it.
     * <p>
     * Why this anchor: it is the simplest honest model of what Vigil's synchronous path does (a lock-free queue into
     * one writer, and a completion back), so the comparison shows what Vigil's ring buffer, request object
     * and completion cost or save against standard JDK parts. Both sides wait as Vigil's do while writes keep coming:
     * the consumer spins {@value #CONSUMER_SPINS} times on an empty queue before it yields, as Vigil's writer does,
     * and the caller spins {@value #CALLER_SPINS} times before it yields, as Vigil's synchronous caller does (neither
     * parks: Vigil's only park after yielding, which a busy benchmark never reaches). Not an ArrayBlockingQueue: a
     * consumer polling it holds its one lock most of the time, so the caller would park on the lock and the figure
     * would measure the scheduler. Not a blocking {@code take()} and {@code join()} either, for the same reason.
     * The anchor does less work per write than Vigil: no command lookup, no argument parsing and no replication
     * log.
     */
    @State(Scope.Benchmark)
    public static class Handoff
    {
        static final int CONSUMER_SPINS = 10_000;
        static final int CALLER_SPINS = 20_000;

        ConcurrentHashMap<BytesKey, byte[]> map;
        final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
        volatile boolean running;
        Thread consumer;

        /**
         * Fill the map and start the consumer.
         *
         * @param data the keys and values.
         */
        @Setup(Level.Trial)
        public void start(final Data data)
        {
            map = filledMap(data);
            running = true;
            consumer = new Thread(this::consume, "handoff-consumer");
            consumer.setDaemon(true);
            consumer.start();
        }

        private void consume()
        {
            int idle = 0;
            while (running)
            {
                final Request request = queue.poll();
                if (request == null)
                {
                    idle = backOff(idle, CONSUMER_SPINS);
                    continue;
                }
                idle = 0;
                map.put(request.key, request.value);
                request.done.complete(Boolean.TRUE);
            }
        }

        /**
         * Stop the consumer.
         *
         * @throws InterruptedException if interrupted while waiting for it.
         */
        @TearDown(Level.Trial)
        public void stop() throws InterruptedException
        {
            running = false;
            consumer.join();
        }
    }

    /**
     * Spin {@code spins} times, then yield on every call.
     *
     * @param idle  calls since the last piece of work.
     * @param spins how many calls spin before the yielding starts.
     * @return the new count of calls.
     */
    static int backOff(final int idle, final int spins)
    {
        if (idle < spins)
        {
            Thread.onSpinWait();
            return idle + 1;
        }
        Thread.yield();
        return idle;
    }

    /**
     * One write handed to the anchor's consumer thread.
     */
    static final class Request
    {
        final BytesKey key;
        final byte[] value;
        final CompletableFuture<Object> done = new CompletableFuture<>();

        Request(final BytesKey key, final byte[] value)
        {
            this.key = key;
            this.value = value;
        }
    }

    static ConcurrentHashMap<BytesKey, byte[]> filledMap(final Data data)
    {
        final ConcurrentHashMap<BytesKey, byte[]> map = new ConcurrentHashMap<>(KEYS);
        for (final int i : data.fillOrder)
        {
            map.put(new BytesKey(data.keys[i]), data.values[i % data.values.length]);
        }
        return map;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Synchronous.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Synchronous SET through the writer: returns when the write is applied and its log bytes published.
     *
     * @param data   the keys and values.
     * @param store  the store.
     * @param cursor the position in the random order.
     * @return the reply, OK.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object syncSetVigil(final Data data, final Store store, final Cursor cursor)
    {
        return store.store.executeOwned(
            Stores.SET, data.keys[cursor.next(data.order)], data.values[cursor.valueIndex()]);
    }

    /**
     * Anchor for {@link #syncSetVigil}: hand the write to a consumer thread through a {@link ConcurrentLinkedQueue}
     * and wait until it completes the request's future; see {@link Handoff}.
     *
     * @param data    the keys and values.
     * @param handoff the queue and its consumer.
     * @param cursor  the position in the random order.
     * @return the reply.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object syncSetHandoffConcurrentHashMap(final Data data, final Handoff handoff, final Cursor cursor)
    {
        final Request request = new Request(
            new BytesKey(data.keys[cursor.next(data.order)]), data.values[cursor.valueIndex()]);
        handoff.queue.offer(request);
        final CompletableFuture<Object> done = request.done;
        int idle = 0;
        while (!done.isDone())
        {
            idle = backOff(idle, Handoff.CALLER_SPINS);
        }
        return done.getNow(null);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Asynchronous.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Asynchronous SET from one producer thread, at most {@link Window#SIZE} in flight; see {@link Window}.
     *
     * @param data   the keys and values.
     * @param store  the store.
     * @param cursor the position in the random order.
     * @param window this producer's outstanding writes.
     */
    @Benchmark
    @Threads(1)
    public void asyncSetVigil(final Data data, final Store store, final Cursor cursor, final Window window)
    {
        submitAsync(data, store.store, cursor, window);
    }

    /**
     * Asynchronous SET from two producer threads, each with at most {@link Window#SIZE} in flight; the score is the
     * total of both.
     *
     * @param data   the keys and values.
     * @param store  the store.
     * @param cursor this producer's position in the random order.
     * @param window this producer's outstanding writes.
     */
    @Benchmark
    @Threads(2)
    public void asyncSetVigilTwoProducers(final Data data, final Store store, final Cursor cursor, final Window window)
    {
        submitAsync(data, store.store, cursor, window);
    }

    private static void submitAsync(final Data data, final VigilStore store, final Cursor cursor, final Window window)
    {
        final int slot = window.next++ & (Window.SIZE - 1);
        final CompletableFuture<?> previous = window.futures[slot];
        if (previous != null)
        {
            int idle = 0;
            while (!previous.isDone())
            {
                idle = backOff(idle, Handoff.CALLER_SPINS);
            }
        }
        window.futures[slot] = store.executeOwnedAsync(
            Stores.SET, data.keys[cursor.next(data.order)], data.values[cursor.valueIndex()]);
    }

    /**
     * Diagnostic: {@value #INVOKER_BATCH} asynchronous SETs, then the writer run inline on this thread until all are
     * complete. Counts {@value #INVOKER_BATCH} operations per invocation, all completed.
     *
     * @param data   the keys and values.
     * @param store  the store and its invoker.
     * @param cursor the position in the random order.
     */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(INVOKER_BATCH)
    public void asyncSetVigilInvoker(final Data data, final InvokerStore store, final Cursor cursor)
    {
        CompletableFuture<Object> last = null;
        for (int i = 0; i < INVOKER_BATCH; i++)
        {
            last = store.store.executeOwnedAsync(
                Stores.SET, data.keys[cursor.next(data.order)], data.values[cursor.valueIndex()]);
        }
        drive(store.invoker, last);
    }

    static void drive(final AgentInvoker invoker, final CompletableFuture<?> last)
    {
        while (last != null && !last.isDone())
        {
            invoker.invoke();
        }
    }

    /**
     * Anchor for {@link #asyncSetVigil}: ConcurrentHashMap.put from one thread.
     *
     * @param data   the keys and values.
     * @param map    the map.
     * @param cursor the position in the random order.
     * @return the value replaced.
     */
    @Benchmark
    @Threads(1)
    public byte[] asyncSetConcurrentHashMap(final Data data, final Map map, final Cursor cursor)
    {
        return map.map.put(new BytesKey(data.keys[cursor.next(data.order)]), data.values[cursor.valueIndex()]);
    }

    /**
     * Anchor for {@link #asyncSetVigilTwoProducers}: ConcurrentHashMap.put from two threads; the score is the total.
     *
     * @param data   the keys and values.
     * @param map    the map.
     * @param cursor this thread's position in the random order.
     * @return the value replaced.
     */
    @Benchmark
    @Threads(2)
    public byte[] asyncSetConcurrentHashMapTwoThreads(final Data data, final Map map, final Cursor cursor)
    {
        return map.map.put(new BytesKey(data.keys[cursor.next(data.order)]), data.values[cursor.valueIndex()]);
    }

    /**
     * Per-producer completion count for {@code asyncSetVigilCallback}: the writer counts completions in one reused
     * callback, and the producer keeps at most {@link Window#SIZE} writes in flight.
     */
    @State(Scope.Thread)
    public static class CallbackWindow implements WriteCallback
    {
        final AtomicLong completed = new AtomicLong();
        long submitted;
        CommandSpec set;

        /**
         * @param store the store whose SET to submit.
         */
        @Setup(Level.Trial)
        public void resolve(final Store store)
        {
            set = store.store.commandTable().lookup("SET");
        }

        public void onReply(final Object reply)
        {
            // Only the writer thread writes the count.
            completed.lazySet(completed.get() + 1);
        }

        /**
         * Wait for every outstanding write of this producer.
         */
        @TearDown(Level.Iteration)
        public void drain()
        {
            int idle = 0;
            while (completed.get() < submitted)
            {
                idle = backOff(idle, Handoff.CALLER_SPINS);
            }
        }
    }

    /**
     * Asynchronous SETs through the callback API, one producer.
     *
     * @param data   keys and values.
     * @param store  the store.
     * @param cursor where in the key order this thread is.
     * @param window this producer's completion count.
     */
    @Benchmark
    @Threads(1)
    public void asyncSetVigilCallback(
        final Data data, final Store store, final Cursor cursor, final CallbackWindow window)
    {
        int idle = 0;
        while (window.submitted - window.completed.get() >= Window.SIZE)
        {
            idle = backOff(idle, Handoff.CALLER_SPINS);
        }
        window.submitted++;
        store.store.submit(window.set,
            new byte[][]{ Stores.SET, data.keys[cursor.next(data.order)], data.values[cursor.valueIndex()] }, window);
    }
}

package io.vigil.core;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The writer hashes a batch's keys and loads their table lines before applying it ({@link Keyspace#prefetch}), and
 * hands each command its first key's hash. Whatever a batch holds, the replies, the keyspace and the log must be
 * exactly those of applying the same requests one at a time, even when one of them throws.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WriterBatchTest
{
    private static final long START_MS = 1_700_000_000_000L;

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static VigilStore invokerStore(final AtomicLong clock)
    {
        return VigilStore.start(StoreConfig.builder()
            .threadingMode(StoreConfig.ThreadingMode.INVOKER)
            .writerQueueCapacity(64 * 1024)
            .clock(clock::get)
            .build());
    }

    /**
     * A random mix of write commands over a few keys, so a batch repeats keys, collides in the table, and mixes
     * commands whose first key is argv[1] with FLUSHALL (no keys), RENAME (a second key) and errors.
     */
    private static List<String[]> commands(final long seed, final int count)
    {
        final Random random = new Random(seed);
        final List<String[]> commands = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final String k = "k" + random.nextInt(12);
            final String k2 = "k" + random.nextInt(12);
            final String v = Integer.toString(random.nextInt(1000));
            final String[] command = switch (random.nextInt(14))
            {
                case 0 -> new String[]{"SET", k, v};
                case 1 -> new String[]{"SET", k, v, "PX", "100000", "GET"};
                case 2 -> new String[]{"SETNX", k, v};
                case 3 -> new String[]{"INCRBY", k, v};
                case 4 -> new String[]{"APPEND", k, v};
                case 5 -> new String[]{"DEL", k, k2};
                case 6 -> new String[]{"MSET", k, v, k2, v};
                case 7 -> new String[]{"RENAME", k, k2};
                case 8 -> new String[]{"PEXPIRE", k, "5000"};
                case 9 -> new String[]{"PERSIST", k};
                case 10 -> new String[]{"GETDEL", k};
                case 11 -> random.nextInt(8) == 0 ? new String[]{"FLUSHALL"} : new String[]{"GETSET", k, v};
                case 12 -> new String[]{"SET", k, v, "XX", "KEEPTTL"};
                default -> new String[]{"SET", k};
            };
            commands.add(command);
        }
        return commands;
    }

    private static byte[] logBytes(final VigilStore store)
    {
        final ReplicationLog log = store.log();
        final int length = (int)(log.publishedPosition() - log.startOffset());
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        assertEquals(length, log.read(log.startOffset(), buffer, 0, length));
        return buffer.byteArray();
    }

    private static String describe(final Object reply)
    {
        if (reply instanceof byte[] bytes)
        {
            return "bulk:" + new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(reply);
    }

    @Test
    void shouldGiveABatchExactlyTheResultsOfApplyingItsRequestsOneByOne()
    {
        final AtomicLong clock = new AtomicLong(START_MS);
        for (long seed = 1; seed <= 20; seed++)
        {
            final List<String[]> commands = commands(seed, 250);
            try (VigilStore batched = invokerStore(clock); VigilStore single = invokerStore(clock))
            {
                final List<CompletableFuture<Object>> futures = new ArrayList<>();
                for (final String[] command : commands)
                {
                    futures.add(batched.executeAsync(command));
                }
                // One duty cycle drains up to 256 requests: all 250 are applied as one batch.
                batched.invoker().invoke();
                for (int i = 0; i < commands.size(); i++)
                {
                    assertTrue(futures.get(i).isDone(), "request " + i + " was not in the batch");
                    final Object expected = single.execute(commands.get(i));
                    assertEquals(describe(expected), describe(futures.get(i).join()),
                        "seed " + seed + ", request " + i + ": " + String.join(" ", commands.get(i)));
                }
                StoreState.assertSame(single, batched);
                assertArrayEquals(logBytes(single), logBytes(batched), "seed " + seed);
            }
        }
    }

    @Test
    void shouldHashAndLoadEveryKeyOfABatchWithoutChangingTheTable()
    {
        final Keyspace keyspace = new Keyspace();
        final byte[][] keys = new byte[64][];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = i % 5 == 0 ? null : b("key:" + i);
            if (i % 2 == 0 && keys[i] != null)
            {
                keyspace.put(keys[i], Keyspace.hash(keys[i]), b("v" + i), Entry.NO_EXPIRY, i);
            }
        }
        final int[] hashes = new int[keys.length];
        final Entry[] slots = new Entry[keys.length];
        keyspace.prefetch(keys, hashes, slots, keys.length);

        for (int i = 0; i < keys.length; i++)
        {
            if (keys[i] != null)
            {
                assertEquals(Keyspace.hash(keys[i]), hashes[i], "key " + i);
                final Entry e = keyspace.get(keys[i]);
                if (i % 2 == 0)
                {
                    assertArrayEquals(b("v" + i), e.value());
                }
                else
                {
                    assertNull(e);
                }
            }
        }
        assertTrue(Arrays.stream(slots).allMatch(e -> e == null), "scratch slots must be left empty");
        assertEquals(25, keyspace.size());
    }

    /**
     * A request that throws an {@link Error} (a VirtualMachineError, as running out of heap for a huge value would be)
     * gets an error reply; the rest of its batch is applied once and completed, and the next cycle does not apply any
     * of it again. InternalError stands in for OutOfMemoryError, which JUnit would treat as fatal to the whole run.
     */
    @Test
    void shouldApplyEveryRequestOfABatchOnceWhenOneThrowsAnError()
    {
        final AtomicLong clock = new AtomicLong(START_MS);
        final CommandSpec boom = new CommandSpec("boom", 2, CommandSpec.WRITE, (ctx, argv, argc) ->
        {
            throw new InternalError("test: no room for the value");
        });
        try (VigilStore store = invokerStore(clock); VigilStore single = invokerStore(clock))
        {
            final CompletableFuture<Object> first = store.executeAsync("INCR", "counter");
            final CompletableFuture<Object> command = new CompletableFuture<>();
            store.submit(boom, new byte[][]{b("boom"), b("counter")}, command::complete);
            final CompletableFuture<Object> task = store.runOnWriterAsync(writer ->
            {
                throw new StackOverflowError("test: task");
            });
            final CompletableFuture<Object> second = store.executeAsync("INCR", "counter");
            final CompletableFuture<Object> set = store.executeAsync("SET", "other", "v");

            store.invoker().invoke();

            assertEquals(1L, first.join());
            assertEquals(new ErrorReply("ERR java.lang.InternalError: test: no room for the value"), command.join());
            final CompletionException failed = assertThrows(CompletionException.class, task::join);
            assertInstanceOf(StackOverflowError.class, failed.getCause().getCause());
            assertEquals(2L, second.join());
            assertEquals(StatusReply.OK, set.join());

            store.invoker().invoke();
            assertEquals(3L, store.execute("INCR", "counter"));

            single.execute("INCR", "counter");
            single.execute("INCR", "counter");
            single.execute("SET", "other", "v");
            single.execute("INCR", "counter");
            StoreState.assertSame(single, store);
            assertArrayEquals(logBytes(single), logBytes(store));
        }
    }

    @Test
    void shouldKeepTheDedicatedWriterServingAfterARequestThrowsAnError() throws Exception
    {
        final CommandSpec boom = new CommandSpec("boom", 2, CommandSpec.WRITE, (ctx, argv, argc) ->
        {
            throw new OutOfMemoryError("test");
        });
        try (VigilStore store = VigilStore.start(StoreConfig.builder().build()))
        {
            final CompletableFuture<Object> reply = new CompletableFuture<>();
            store.submit(boom, new byte[][]{b("boom"), b("k")}, reply::complete);
            assertEquals(new ErrorReply("ERR java.lang.OutOfMemoryError: test"), reply.get(10, TimeUnit.SECONDS));
            assertEquals(StatusReply.OK, store.executeAsync("SET", "k", "v").get(10, TimeUnit.SECONDS));
            assertArrayEquals(b("v"), (byte[])store.execute("GET", "k"));
        }
    }

    /**
     * On the writer thread (here inside a completion callback) a write runs inline; a handler that throws gives an
     * error reply there too, instead of an exception that skips the callback.
     */
    @Test
    void shouldReplyWithAnErrorWhenAnInlineWriteThrows()
    {
        final AtomicLong clock = new AtomicLong(START_MS);
        final CommandSpec fails = new CommandSpec("fails", 2, CommandSpec.WRITE, (ctx, argv, argc) ->
        {
            throw new IllegalStateException("test: inline");
        });
        try (VigilStore store = invokerStore(clock))
        {
            final CompletableFuture<Object> inline = new CompletableFuture<>();
            store.submit(CommandTable.standard().lookup("SET"), new byte[][]{b("SET"), b("k"), b("v")},
                reply -> store.submit(fails, new byte[][]{b("fails"), b("k")}, inline::complete));
            store.invoker().invoke();
            assertEquals(new ErrorReply("ERR java.lang.IllegalStateException: test: inline"), inline.join());
            assertArrayEquals(b("v"), (byte[])store.execute("GET", "k"));
        }
    }

    @Test
    void shouldRefuseANullArgumentAndKeepServing()
    {
        final AtomicLong clock = new AtomicLong(START_MS);
        try (VigilStore store = invokerStore(clock))
        {
            assertEquals(StatusReply.OK, store.execute("SET", "k", "v"));
            assertThrows(NullPointerException.class, () -> store.executeOwned(b("DEL"), null));
            assertThrows(NullPointerException.class, () -> store.executeOwnedAsync(b("DEL"), b("k"), null));
            assertThrows(NullPointerException.class, () -> store.executeOwned(b("GET"), null));
            assertArrayEquals(b("v"), (byte[])store.execute("GET", "k"));
            assertEquals(1L, store.execute("DEL", "k"));
        }
    }

    /**
     * Should the writer itself fail outside any one request (here a malformed request breaks the batch's key
     * prefetch, which runs for batches of two or more), the requests of the batch and of the queue behind it are
     * failed, none is applied, later writes are refused with the reason, and the writer stops.
     */
    @Test
    void shouldFailEveryWaitingRequestWhenTheWriterItselfFails()
    {
        final AtomicLong clock = new AtomicLong(START_MS);
        try (VigilStore store = invokerStore(clock))
        {
            final CompletableFuture<Object> incr = store.executeAsync("INCR", "counter");
            final CompletableFuture<Throwable> inlineAfterFailure = new CompletableFuture<>();
            store.submit(CommandTable.standard().lookup("SET"), new byte[][]{b("SET"), b("a"), b("1")}, reply ->
            {
                // A completion callback runs on the writer thread, where a write would run inline.
                try
                {
                    store.execute("SET", "after", "failure");
                    inlineAfterFailure.complete(null);
                }
                catch (final RuntimeException ex)
                {
                    inlineAfterFailure.complete(ex);
                }
            });
            final CommandRequest malformed = new CommandRequest(CommandTable.standard().lookup("SET"), null);
            store.sequencer().submit(malformed, null);
            final List<CompletableFuture<Object>> queued = new ArrayList<>();
            for (int i = 0; i < 300; i++)
            {
                queued.add(store.executeAsync("INCR", "counter"));
            }

            store.invoker().invoke(); // the invoker hands the failure to its error handler and closes

            final Object reply = incr.join();
            assertInstanceOf(ErrorReply.class, reply);
            assertTrue(((ErrorReply)reply).message().startsWith("ERR the writer failed: java.lang.NullPointerException"),
                reply::toString);
            assertInstanceOf(ErrorReply.class, malformed.future().join());
            assertInstanceOf(IllegalStateException.class, inlineAfterFailure.join(),
                "a failed writer refuses writes made on its own thread too");
            for (int i = 0; i < queued.size(); i++)
            {
                final Object queuedReply = queued.get(i).handle((r, ex) -> r != null ? r : ex.getMessage()).join();
                final String text = queuedReply instanceof ErrorReply error ? error.message() : queuedReply.toString();
                assertTrue(text.contains("the writer failed: java.lang.NullPointerException"), i + ": " + text);
            }
            assertTrue(store.invoker().isClosed(), "the writer stops once it has failed");
            assertNull(store.execute("GET", "counter"), "a request the writer did not reach must not be applied");
            assertNull(store.execute("GET", "a"));
            assertNull(store.execute("GET", "after"));
            final IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> store.execute("SET", "k", "v"));
            assertTrue(refused.getMessage().startsWith("the writer failed: java.lang.NullPointerException"),
                refused.getMessage());
        }
    }

    /**
     * A dedicated writer thread that fails (here its clock throws) fails the synchronous and asynchronous writes
     * waiting for it, instead of leaving their callers parked, and the store still closes.
     */
    @Test
    void shouldReleaseWaitingCallersWhenADedicatedWriterFails() throws Exception
    {
        final CountDownLatch inClock = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean armed = new AtomicBoolean();
        final EpochClock clock = () ->
        {
            if (armed.compareAndSet(true, false))
            {
                inClock.countDown();
                try
                {
                    release.await(30, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("test: the clock failed");
            }
            return System.currentTimeMillis();
        };
        try (VigilStore store = VigilStore.start(StoreConfig.builder().clock(clock).build()))
        {
            assertEquals(StatusReply.OK, store.execute("SET", "k", "v"));
            armed.set(true);
            store.executeAsync("SET", "wake", "up"); // the writer's next cycle reads the clock and blocks in it
            assertTrue(inClock.await(10, TimeUnit.SECONDS));
            final int before = store.sequencer().queued(); // "wake" if the writer had not taken it yet

            final CompletableFuture<Object> async = store.executeAsync("SET", "k", "async");
            final CompletableFuture<Object> sync = CompletableFuture.supplyAsync(() -> store.execute("SET", "k", "sync"));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.sequencer().queued() < before + 2 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(before + 2, store.sequencer().queued(), "both writes wait in the queue");
            release.countDown();

            final ExecutionException asyncFailure =
                assertThrows(ExecutionException.class, () -> async.get(10, TimeUnit.SECONDS));
            assertTrue(asyncFailure.getCause().getMessage().startsWith("the writer failed"), asyncFailure::toString);
            final ExecutionException syncFailure =
                assertThrows(ExecutionException.class, () -> sync.get(10, TimeUnit.SECONDS));
            assertTrue(syncFailure.getCause().getMessage().startsWith("the writer failed"), syncFailure::toString);
            assertArrayEquals(b("v"), (byte[])store.execute("GET", "k"));
            assertThrows(IllegalStateException.class, () -> store.execute("SET", "k", "later"));
            final long stopDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!store.runner().isClosed() && System.nanoTime() < stopDeadline)
            {
                Thread.sleep(1);
            }
            assertTrue(store.runner().isClosed(), "the writer thread stops once it has failed");
        }
    }

    /**
     * A transaction whose command throws gets that command's error in its reply array and runs the rest, as Redis's
     * EXEC does; also when it runs inline on the writer thread, where the callback must still be called.
     */
    @Test
    void shouldGiveATransactionsThrowingCommandItsErrorAndRunTheRest()
    {
        final AtomicLong clock = new AtomicLong(START_MS);
        final CommandTable table = CommandTable.standard();
        final CommandSpec fails = new CommandSpec("fails", 2, CommandSpec.WRITE, (ctx, argv, argc) ->
        {
            throw new IllegalStateException("test: in a transaction");
        });
        try (VigilStore store = invokerStore(clock))
        {
            final Transaction transaction = new Transaction();
            transaction.queue(table.lookup("INCR"), new byte[][]{b("INCR"), b("n")});
            transaction.queue(fails, new byte[][]{b("fails"), b("n")});
            transaction.queue(table.lookup("INCR"), new byte[][]{b("INCR"), b("n")});
            final CompletableFuture<Object> queued = new CompletableFuture<>();
            final CompletableFuture<Object> inline = new CompletableFuture<>();
            store.submit(transaction, reply ->
            {
                queued.complete(reply);
                store.submit(transaction, inline::complete); // on the writer thread: runs inline
            });
            store.invoker().invoke();

            final ErrorReply error = new ErrorReply("ERR java.lang.IllegalStateException: test: in a transaction");
            assertEquals(describeAll(new Object[]{1L, error, 2L}), describeAll(queued.join()));
            assertEquals(describeAll(new Object[]{3L, error, 4L}), describeAll(inline.join()));
            assertEquals(5L, store.execute("INCR", "n"));
        }
    }

    /**
     * A batch that mixes every kind of request the writer takes: copied and owned commands, callback commands,
     * MULTI/EXEC transactions and tasks. Their replies, the keyspace and the log must be those of running them one at
     * a time.
     */
    @Test
    void shouldApplyABatchOfMixedRequestKindsAsOneByOne()
    {
        final AtomicLong clock = new AtomicLong(START_MS);
        final CommandTable table = CommandTable.standard();
        for (long seed = 1; seed <= 10; seed++)
        {
            final List<String[]> commands = commands(seed, 200);
            try (VigilStore batched = invokerStore(clock); VigilStore single = invokerStore(clock))
            {
                final List<CompletableFuture<Object>> batchedReplies = new ArrayList<>();
                final List<Object> singleReplies = new ArrayList<>();
                for (final VigilStore store : List.of(batched, single))
                {
                    final Transaction transaction = new Transaction();
                    for (int i = 0; i < commands.size(); i++)
                    {
                        final String[] command = commands.get(i);
                        final byte[][] argv = Arrays.stream(command).map(WriterBatchTest::b).toArray(byte[][]::new);
                        final CompletableFuture<Object> reply;
                        final int kind = i % 5 == 3 && !transactable(table, commands, i) ? 0 : i % 5;
                        switch (kind)
                        {
                            case 0 -> reply = store.executeAsync(command);
                            case 1 -> reply = store.executeOwnedAsync(argv);
                            case 2 ->
                            {
                                reply = new CompletableFuture<>();
                                store.submit(table.lookup(argv[0]), argv, reply::complete);
                            }
                            case 3 ->
                            {
                                // This command and the next run as one transaction.
                                transaction.queue(table.lookup(argv[0]), argv);
                                final String[] next = commands.get(++i);
                                transaction.queue(table.lookup(next[0]),
                                    Arrays.stream(next).map(WriterBatchTest::b).toArray(byte[][]::new));
                                reply = new CompletableFuture<>();
                                store.submit(transaction, reply::complete);
                                transaction.clear();
                            }
                            default -> reply = store.runOnWriterAsync(
                                writer -> (long)writer.context().keyspace.size());
                        }
                        if (store == batched)
                        {
                            batchedReplies.add(reply);
                        }
                        else
                        {
                            store.invoker().invoke();
                            singleReplies.add(reply.join());
                        }
                    }
                }
                // 200 requests, fewer with the transactions: one duty cycle applies them all as one batch.
                batched.invoker().invoke();
                for (int i = 0; i < singleReplies.size(); i++)
                {
                    assertTrue(batchedReplies.get(i).isDone(), "request " + i + " was not in the batch");
                    assertEquals(describeAll(singleReplies.get(i)), describeAll(batchedReplies.get(i).join()),
                        "seed " + seed + ", request " + i);
                }
                StoreState.assertSame(single, batched);
                assertArrayEquals(logBytes(single), logBytes(batched), "seed " + seed);
            }
        }
    }

    /**
     * A transaction's commands are checked for arity when queued, as MULTI does; only well-formed ones are queued.
     */
    private static boolean transactable(final CommandTable table, final List<String[]> commands, final int i)
    {
        return i + 1 < commands.size() &&
            table.lookup(commands.get(i)[0]).arityMatches(commands.get(i).length) &&
            table.lookup(commands.get(i + 1)[0]).arityMatches(commands.get(i + 1).length);
    }

    private static String describeAll(final Object reply)
    {
        if (reply instanceof Object[] array)
        {
            return Arrays.stream(array).map(WriterBatchTest::describe).toList().toString();
        }
        return describe(reply);
    }

    /**
     * agrona's AgentInvoker stops for good when its thread is interrupted while the writer is idle. Writes must then
     * fail at once rather than wait for a writer that will never run; reads go on.
     */
    @Test
    void shouldRefuseWritesOnceAnInterruptStoppedTheInvoker()
    {
        final AtomicLong clock = new AtomicLong(START_MS);
        try (VigilStore store = invokerStore(clock))
        {
            assertEquals(StatusReply.OK, store.execute("SET", "k", "v"));
            Thread.currentThread().interrupt();
            try
            {
                store.invoker().invoke(); // nothing to do, and interrupted: the invoker stops
            }
            finally
            {
                Thread.interrupted();
            }
            assertFalse(store.invoker().isRunning(), "agrona stops an invoker interrupted while idle");

            final IllegalStateException sync =
                assertThrows(IllegalStateException.class, () -> store.execute("SET", "k", "sync"));
            assertTrue(sync.getMessage().startsWith("the writer is not running"), sync.getMessage());
            assertThrows(IllegalStateException.class, () -> store.executeAsync("SET", "k", "async"));
            assertArrayEquals(b("v"), (byte[])store.execute("GET", "k"));
        }
    }

    @Test
    void shouldReplaceTheBatchArraysOnceTheKeyspaceHasSeenACollection()
    {
        assumeTrue(Keyspace.YOUNG_CHUNKS, "only G1 needs young batch arrays");
        try (VigilStore store = invokerStore(new AtomicLong(START_MS)))
        {
            final WriterAgent writer = (WriterAgent)store.writerAgent();
            store.execute("SET", "k", "v");
            final long before = writer.batchArraysCollections();
            assertEquals(store.keyspace().collectionsSeen(), before);
            KeyspaceTest.collect();
            // The keyspace reads the collection counts once every STORES_PER_COLLECTION_CHECK stores; the next
            // batch after that gets new arrays, and its write still lands.
            for (int i = 0; i <= Keyspace.STORES_PER_COLLECTION_CHECK; i++)
            {
                store.execute("SET", "k", "v" + i);
            }
            assertTrue(writer.batchArraysCollections() > before, "the batch arrays were not replaced");
            assertEquals(store.keyspace().collectionsSeen(), writer.batchArraysCollections());
            assertEquals("v" + Keyspace.STORES_PER_COLLECTION_CHECK, store.get("k"));
            // A whole batch in the new arrays: every write lands under its own key.
            final List<CompletableFuture<Object>> replies = new ArrayList<>();
            for (int i = 0; i < 200; i++)
            {
                replies.add(store.executeOwnedAsync(VigilCommands.utf8("SET", "b" + i, "w" + i)));
            }
            store.invoker().invoke();
            for (int i = 0; i < 200; i++)
            {
                assertEquals(StatusReply.OK, replies.get(i).getNow(null), "reply " + i);
                assertEquals("w" + i, store.get("b" + i));
            }
        }
    }
}

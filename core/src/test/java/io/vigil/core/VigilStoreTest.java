package io.vigil.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VigilStoreTest
{
    private VigilStore store;

    @BeforeEach
    void start()
    {
        store = VigilStore.start(StoreConfig.defaults());
    }

    @AfterEach
    void close()
    {
        store.close();
    }

    @Test
    void shouldSetThenGetInProcess()
    {
        store.set("user:1", "alice");
        assertEquals("alice", store.get("user:1"));
        assertEquals(1L, store.dbSize());
        assertNull(store.get("missing"));
    }

    @Test
    void shouldPublishEffectToLogBeforeSynchronousWriteReturns()
    {
        final long before = store.replicationOffset();
        store.set("k", "v");
        final String expected = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n";
        assertEquals(before + expected.length(), store.replicationOffset());
        final org.agrona.ExpandableArrayBuffer dst = new org.agrona.ExpandableArrayBuffer(128);
        final int n = store.log().read(before, dst, 0, 128);
        assertEquals(expected, dst.getStringWithoutLengthAscii(0, n));
    }

    @Test
    void shouldCompleteAsynchronousWritesInSubmissionOrder() throws Exception
    {
        final List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 10_000; i++)
        {
            futures.add(store.executeAsync("INCR", "counter"));
        }
        for (int i = 0; i < futures.size(); i++)
        {
            assertEquals((long)(i + 1), futures.get(i).get(5, TimeUnit.SECONDS));
        }
        assertEquals("10000", store.get("counter"));
    }

    @Test
    void shouldCopyCallerArraysOnWrite()
    {
        final byte[] key = "k".getBytes();
        final byte[] value = "v".getBytes();
        store.set(key, value);
        value[0] = 'x';
        key[0] = 'y';
        assertArrayEquals("v".getBytes(), store.get("k".getBytes()));
    }

    @Test
    void shouldThrowRedisErrorTextFromTypedApi()
    {
        store.set("k", "notanumber");
        final VigilException ex = assertThrows(VigilException.class, () -> store.incr("k"));
        assertEquals("ERR value is not an integer or out of range", ex.getMessage());
        assertEquals("notanumber", store.get("k"));
    }

    @Test
    void shouldRejectWritesOnReplicaWithReadonlyError()
    {
        try (VigilStore replica = VigilStore.start(StoreConfig.builder().replica(true).build()))
        {
            assertEquals(new ErrorReply("READONLY You can't write against a read only replica."),
                replica.execute("SET", "k", "v"));
            final VigilException ex = assertThrows(VigilException.class, () -> replica.set("k", "v"));
            assertEquals("READONLY You can't write against a read only replica.", ex.getMessage());
        }
    }

    @Test
    void shouldReachOffsetWithinBound()
    {
        store.set("a", "1");
        assertTrue(store.awaitOffset(store.replicationOffset(), Duration.ofSeconds(1)));
        assertTrue(!store.awaitOffset(store.replicationOffset() + 1, Duration.ofMillis(20)));
    }

    @Test
    void shouldRunWriterInlineInInvokerMode()
    {
        try (VigilStore invoked = VigilStore.start(
            StoreConfig.builder().threadingMode(StoreConfig.ThreadingMode.INVOKER).build()))
        {
            invoked.set("k", "v");
            assertEquals("v", invoked.get("k"));
            assertEquals(2L, invoked.incrBy("n", 2));
        }
    }

    @Test
    void shouldAnswerAnAsynchronousWriteWithWrongArityWithRedisArityError()
    {
        final ErrorReply arity = new ErrorReply("ERR wrong number of arguments for 'set' command");
        assertEquals(arity, store.executeAsync("SET", "k").join());
        assertEquals(arity, store.executeOwnedAsync(VigilCommands.utf8("SET", "k")).join());
        assertEquals(arity, store.execute("SET", "k"));
        assertEquals(0L, store.keyspace().size());
        assertEquals("OK", String.valueOf(store.executeAsync("SET", "k", "v").join()));
    }

    @Test
    void shouldRefuseRequestsAfterCloseInsteadOfLeavingThemPending()
    {
        store.close();
        assertThrows(IllegalStateException.class, () -> store.executeAsync("SET", "k", "v"));
        assertThrows(IllegalStateException.class, () -> store.execute("SET", "k", "v"));
        assertThrows(IllegalStateException.class, () -> store.demote());
    }

    @Test
    void shouldRunStoreCallsMadeFromTheWriterThreadInline() throws Exception
    {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final CommandSpec set = store.commandTable().lookup("SET");
        store.submit(set, VigilCommands.utf8("SET", "a", "1"), reply ->
        {
            try
            {
                // On the writer thread: waiting for the writer would wait for this very thread.
                store.execute("SET", "b", "2");
                store.executeAsync("INCR", "n");
                store.demote();
                store.promote();
                result.complete(store.execute("GET", "b"));
            }
            catch (final RuntimeException ex)
            {
                result.completeExceptionally(ex);
            }
        });
        assertArrayEquals("2".getBytes(), (byte[])result.get(10, TimeUnit.SECONDS));
        assertEquals("1", store.get("n"));
        assertEquals("1", store.get("a"));
    }
}

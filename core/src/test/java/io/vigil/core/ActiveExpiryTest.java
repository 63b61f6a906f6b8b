package io.vigil.core;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActiveExpiryTest
{
    private final AtomicLong now = new AtomicLong(1_000_000L);

    private VigilStore start(final boolean replica)
    {
        return VigilStore.start(StoreConfig.builder()
            .clock(now::get)
            .replica(replica)
            .threadingMode(StoreConfig.ThreadingMode.INVOKER)
            .build());
    }

    private static void drive(final AgentInvoker invoker, final int times)
    {
        for (int i = 0; i < times; i++)
        {
            invoker.invoke();
        }
    }

    @Test
    void shouldDeleteExpiredKeysAndLogDelOnMaster()
    {
        try (VigilStore store = start(false))
        {
            for (int i = 0; i < 500; i++)
            {
                store.execute("SET", "t" + i, "v", "PX", "100");
                store.execute("SET", "p" + i, "v");
            }
            assertEquals(1000L, store.dbSize());
            final long offsetBefore = store.replicationOffset();

            now.addAndGet(101);
            assertNull(store.get("t0"));
            assertEquals(1000L, store.dbSize());

            for (int cycle = 0; cycle < 100 && store.dbSize() > 500; cycle++)
            {
                now.addAndGet(100);
                drive(store.invoker(), 2);
            }
            assertEquals(500L, store.dbSize());
            assertEquals(0L, store.keyspace().expiresCount());

            final ExpandableArrayBuffer dst = new ExpandableArrayBuffer();
            final int n = store.log().read(offsetBefore, dst, 0, 1 << 20);
            final String logged = dst.getStringWithoutLengthAscii(0, n);
            for (int i = 0; i < 500; i++)
            {
                final String key = "t" + i;
                assertTrue(logged.contains("*2\r\n$3\r\nDEL\r\n$" + key.length() + "\r\n" + key + "\r\n"), key);
            }
        }
    }
}

package io.vigil.core;

import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A close from another thread while the writer takes requests and producers submit them: every request is owned by
 * exactly one of the writer, the close, and its submitter. So each submission that returns gets exactly one reply, and
 * each that throws gets none.
 */
class CloseRaceTest
{
    private static final int ROUNDS = 40;
    private static final int PRODUCERS = 2;
    private static final int PER_PRODUCER = 20_000;

    @Test
    void shouldReplyExactlyOnceToEverySubmissionThatWasNotRefusedWhenAnotherThreadCloses() throws Exception
    {
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            refused += race(round);
        }
        // The test raced only if some closes landed while writes were still arriving.
        assertTrue(refused > 0, "no submission was refused in " + ROUNDS + " rounds");
    }

    /**
     * @return submissions refused in this round.
     */
    private static int race(final int round) throws Exception
    {
        final VigilStore store = VigilStore.start(StoreConfig.builder()
            .threadingMode(StoreConfig.ThreadingMode.EXTERNAL)
            .writerQueueCapacity(64 * 1024)
            .build());
        final CommandSpec set = store.commandTable().lookup("SET");
        final Agent writer = store.writerAgent();
        final AtomicBoolean stopWriter = new AtomicBoolean();
        final Thread writerThread = new Thread(() ->
        {
            while (!stopWriter.get())
            {
                try
                {
                    writer.doWork();
                }
                catch (final Exception ex)
                {
                    return;
                }
            }
        }, "close-race-writer");

        final int total = PRODUCERS * PER_PRODUCER;
        final AtomicIntegerArray replies = new AtomicIntegerArray(total);
        final AtomicIntegerArray refused = new AtomicIntegerArray(total);
        final AtomicLong replied = new AtomicLong();
        final List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++)
        {
            final int first = p * PER_PRODUCER;
            producers.add(new Thread(() ->
            {
                for (int i = first; i < first + PER_PRODUCER; i++)
                {
                    final int id = i;
                    try
                    {
                        store.submit(set, VigilCommands.utf8("SET", "k" + id, "v"), reply ->
                        {
                            replies.incrementAndGet(id);
                            replied.incrementAndGet();
                        });
                    }
                    catch (final IllegalStateException ex)
                    {
                        refused.set(id, 1);
                    }
                }
            }, "close-race-producer-" + p));
        }

        writerThread.start();
        producers.forEach(Thread::start);
        // Close after a varying share of the writes has been answered, while writes keep arriving.
        final long closeAfter = (long)total * (round % 10) / 20;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (replied.get() < closeAfter)
        {
            if (System.nanoTime() > deadline)
            {
                fail("round " + round + ": only " + replied.get() + " replies before the close");
            }
            Thread.onSpinWait();
        }
        store.close();
        for (final Thread producer : producers)
        {
            producer.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!producer.isAlive(), "a producer is still submitting");
        }
        stopWriter.set(true);
        writerThread.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(!writerThread.isAlive(), "the writer thread did not stop");

        int refusals = 0;
        for (int id = 0; id < total; id++)
        {
            final int expected = refused.get(id) == 1 ? 0 : 1;
            refusals += refused.get(id);
            assertEquals(expected, replies.get(id),
                "round " + round + ", request " + id + (expected == 0 ? " was refused" : " was accepted"));
        }
        return refusals;
    }
}

package io.vigil.core;

import org.agrona.BitUtil;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Validated, immutable configuration of a {@link VigilStore}. Built with {@link #builder()}; every setting has a
 * default matching Redis's where Redis has the setting, and the Redis name is given beside it.
 */
public final class StoreConfig
{
    /** How the writer agent is run. */
    public enum ThreadingMode
    {
        /** The store starts its own writer thread. */
        DEDICATED,
        /** The application drives the writer by calling {@link VigilStore#invoker()}'s {@code invoke()}. */
        INVOKER,
        /**
         * The embedding code runs {@link VigilStore#writerAgent()} on a thread of its own choosing, for example
         * together with a node's network agent on one thread; it sets {@link VigilStore#wakeHandler} so producers can
         * wake that thread.
         */
        EXTERNAL
    }

    /** Default {@code repl-backlog-size}: 1 MB, as Redis. */
    public static final int DEFAULT_BACKLOG_SIZE = 1024 * 1024;
    /** Default capacity in bytes of the queue into the writer; each queued command takes 16 bytes. */
    public static final int DEFAULT_WRITER_QUEUE_CAPACITY = 256 * 1024;
    /** Default {@code proto-max-bulk-len}: 512 MB, as Redis. */
    public static final long DEFAULT_PROTO_MAX_BULK_LEN = 512L * 1024 * 1024;
    /** Default {@code hz}: how many times a second the active expiry cycle runs, as Redis. */
    public static final int DEFAULT_HZ = 10;

    private final int backlogSize;
    private final int writerQueueCapacity;
    private final long protoMaxBulkLen;
    private final int hz;
    private final int expectedKeys;
    private final boolean replica;
    private final ThreadingMode threadingMode;
    private final EpochClock clock;

    private StoreConfig(final Builder b)
    {
        backlogSize = b.backlogSize;
        writerQueueCapacity = b.writerQueueCapacity;
        protoMaxBulkLen = b.protoMaxBulkLen;
        hz = b.hz;
        expectedKeys = b.expectedKeys;
        replica = b.replica;
        threadingMode = b.threadingMode;
        clock = b.clock;
    }

    /**
     * @return a builder with every default set.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @param from a configuration to start from.
     * @return a builder holding every setting of {@code from}.
     */
    public static Builder builder(final StoreConfig from)
    {
        return new Builder()
            .backlogSize(from.backlogSize)
            .writerQueueCapacity(from.writerQueueCapacity)
            .protoMaxBulkLen(from.protoMaxBulkLen)
            .hz(from.hz)
            .expectedKeys(from.expectedKeys)
            .replica(from.replica)
            .threadingMode(from.threadingMode)
            .clock(from.clock);
    }

    /**
     * @return the defaults.
     */
    public static StoreConfig defaults()
    {
        return builder().build();
    }

    /**
     * @return replication backlog size in bytes ({@code repl-backlog-size}).
     */
    public int backlogSize()
    {
        return backlogSize;
    }

    /**
     * @return capacity in bytes of the writer's queue, a power of two.
     */
    public int writerQueueCapacity()
    {
        return writerQueueCapacity;
    }

    /**
     * @return largest string value in bytes ({@code proto-max-bulk-len}).
     */
    public long protoMaxBulkLen()
    {
        return protoMaxBulkLen;
    }

    /**
     * @return active expiry cycles per second ({@code hz}).
     */
    public int hz()
    {
        return hz;
    }

    /**
     * @return number of keys the table is sized for at start.
     */
    public int expectedKeys()
    {
        return expectedKeys;
    }

    /**
     * @return true if the store starts as a read-only replica.
     */
    public boolean replica()
    {
        return replica;
    }

    /**
     * @return how the writer runs.
     */
    public ThreadingMode threadingMode()
    {
        return threadingMode;
    }

    /**
     * @return the clock for expiry, in epoch milliseconds.
     */
    public EpochClock clock()
    {
        return clock;
    }

    /**
     * Fluent builder. Not threadsafe.
     */
    public static final class Builder
    {
        private int backlogSize = DEFAULT_BACKLOG_SIZE;
        private int writerQueueCapacity = DEFAULT_WRITER_QUEUE_CAPACITY;
        private long protoMaxBulkLen = DEFAULT_PROTO_MAX_BULK_LEN;
        private int hz = DEFAULT_HZ;
        private int expectedKeys = 0;
        private boolean replica = false;
        private ThreadingMode threadingMode = ThreadingMode.DEDICATED;
        private EpochClock clock = SystemEpochClock.INSTANCE;

        private Builder()
        {
        }

        /**
         * @param bytes replication backlog size ({@code repl-backlog-size}); rounded up to a power of two.
         * @return this.
         */
        public Builder backlogSize(final int bytes)
        {
            this.backlogSize = bytes;
            return this;
        }

        /**
         * @param bytes capacity of the writer's queue; a power of two.
         * @return this.
         */
        public Builder writerQueueCapacity(final int bytes)
        {
            this.writerQueueCapacity = bytes;
            return this;
        }

        /**
         * @param bytes largest string value ({@code proto-max-bulk-len}).
         * @return this.
         */
        public Builder protoMaxBulkLen(final long bytes)
        {
            this.protoMaxBulkLen = bytes;
            return this;
        }

        /**
         * @param hz active expiry cycles per second ({@code hz}), 1 to 500.
         * @return this.
         */
        public Builder hz(final int hz)
        {
            this.hz = hz;
            return this;
        }

        /**
         * @param keys number of keys to size the table for at start.
         * @return this.
         */
        public Builder expectedKeys(final int keys)
        {
            this.expectedKeys = keys;
            return this;
        }

        /**
         * @param replica true to start as a read-only replica.
         * @return this.
         */
        public Builder replica(final boolean replica)
        {
            this.replica = replica;
            return this;
        }

        /**
         * @param mode how the writer runs.
         * @return this.
         */
        public Builder threadingMode(final ThreadingMode mode)
        {
            this.threadingMode = mode;
            return this;
        }

        /**
         * @param clock epoch clock for expiry; tests pass a controllable one.
         * @return this.
         */
        public Builder clock(final EpochClock clock)
        {
            this.clock = clock;
            return this;
        }

        /**
         * @return the validated configuration.
         * @throws IllegalArgumentException naming the first invalid setting.
         */
        public StoreConfig build()
        {
            if (backlogSize < 1)
            {
                throw new IllegalArgumentException("repl-backlog-size must be positive: " + backlogSize);
            }
            if (!BitUtil.isPowerOfTwo(writerQueueCapacity) || writerQueueCapacity < 1024)
            {
                throw new IllegalArgumentException(
                    "writerQueueCapacity must be a power of two of at least 1024: " + writerQueueCapacity);
            }
            if (protoMaxBulkLen < 1024 * 1024)
            {
                // config.c: proto-max-bulk-len has a minimum of 1mb.
                throw new IllegalArgumentException("proto-max-bulk-len must be at least 1mb: " + protoMaxBulkLen);
            }
            if (hz < 1 || hz > 500)
            {
                throw new IllegalArgumentException("hz must be between 1 and 500: " + hz);
            }
            if (expectedKeys < 0)
            {
                throw new IllegalArgumentException("expectedKeys must not be negative: " + expectedKeys);
            }
            if (threadingMode == null || clock == null)
            {
                throw new IllegalArgumentException("threadingMode and clock must be set");
            }
            return new StoreConfig(this);
        }
    }

    int writerQueueBufferLength()
    {
        return writerQueueCapacity + RingBufferDescriptor.TRAILER_LENGTH;
    }
}

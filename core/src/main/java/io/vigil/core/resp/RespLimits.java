package io.vigil.core.resp;

import org.agrona.ExpandableArrayBuffer;

/**
 * Size limits a {@link RespParser} enforces on client requests, with defaults taken from Redis 7.
 * <p>
 * Every limit is inclusive: a value equal to the limit is accepted, one greater is a protocol error, as in Redis.
 * The two {@code unauthenticated*} limits apply only while the parser is told that the connection still has to
 * authenticate (see {@link RespParser#authRequired(boolean)}); they stop a client without the password from making
 * the server buffer large requests.
 * <p>
 * Instances are immutable and may be shared between threads and parsers.
 */
public final class RespLimits
{
    /**
     * Default longest bulk argument, Redis's {@code proto-max-bulk-len} default of 512 MB.
     */
    public static final int DEFAULT_MAX_BULK_LENGTH = 512 * 1024 * 1024;

    /**
     * Default {@link #inlineMaxSize()}, Redis's compile time {@code PROTO_INLINE_MAX_SIZE} of 64 KB.
     */
    public static final int DEFAULT_INLINE_MAX_SIZE = 64 * 1024;

    /**
     * Default most arguments in one multibulk request.
     * <p>
     * Redis 7 accepts any count up to {@code INT_MAX}; Redis before 7.0 refused more than 1024 * 1024. Vigil keeps the
     * older cap by default because no command it implements needs more and a smaller bound keeps a single request's
     * argument table small. Raise it with {@link Builder#maxMultibulkLength(int)} for full Redis 7 behaviour.
     */
    public static final int DEFAULT_MAX_MULTIBULK_LENGTH = 1024 * 1024;

    /**
     * Largest value {@link Builder#maxMultibulkLength(int)} and {@link Builder#maxBulkLength(int)} accept: the longest
     * Java array, since each argument and the argument table are arrays.
     */
    public static final int MAX_ARRAY_LENGTH = ExpandableArrayBuffer.MAX_ARRAY_LENGTH;

    /**
     * Most arguments in one multibulk request before the client has authenticated, as Redis hard codes.
     */
    public static final int DEFAULT_UNAUTHENTICATED_MAX_MULTIBULK_LENGTH = 10;

    /**
     * Longest bulk argument before the client has authenticated, as Redis hard codes.
     */
    public static final int DEFAULT_UNAUTHENTICATED_MAX_BULK_LENGTH = 16384;

    /**
     * Limits with every Redis 7 default, apart from {@link #DEFAULT_MAX_MULTIBULK_LENGTH}.
     */
    public static final RespLimits DEFAULT = new Builder().build();

    private final int maxBulkLength;
    private final int inlineMaxSize;
    private final int maxMultibulkLength;
    private final int unauthenticatedMaxMultibulkLength;
    private final int unauthenticatedMaxBulkLength;

    private RespLimits(final Builder builder)
    {
        maxBulkLength = builder.maxBulkLength;
        inlineMaxSize = builder.inlineMaxSize;
        maxMultibulkLength = builder.maxMultibulkLength;
        unauthenticatedMaxMultibulkLength = builder.unauthenticatedMaxMultibulkLength;
        unauthenticatedMaxBulkLength = builder.unauthenticatedMaxBulkLength;
    }

    /**
     * Start a builder preset to the defaults.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Longest bulk argument in bytes; a longer one is {@code invalid bulk length}.
     *
     * @return longest bulk argument in bytes.
     */
    public int maxBulkLength()
    {
        return maxBulkLength;
    }

    /**
     * Most bytes that may be buffered while the terminator of a line is still missing: an inline request, a
     * multibulk count line or a bulk length line. Past it the request is {@code too big inline request},
     * {@code too big mbulk count string} or {@code too big bulk count string}.
     * <p>
     * As in Redis the test is made against everything buffered from the start of the line, so whether a long line
     * is refused depends on how much arrived before its terminator did.
     *
     * @return most bytes buffered without a line terminator.
     */
    public int inlineMaxSize()
    {
        return inlineMaxSize;
    }

    /**
     * Most arguments in one multibulk request; more is {@code invalid multibulk length}.
     *
     * @return most arguments in one multibulk request.
     */
    public int maxMultibulkLength()
    {
        return maxMultibulkLength;
    }

    /**
     * Most arguments in one multibulk request while authentication is required; more is
     * {@code unauthenticated multibulk length}.
     *
     * @return most arguments in one request before authentication.
     */
    public int unauthenticatedMaxMultibulkLength()
    {
        return unauthenticatedMaxMultibulkLength;
    }

    /**
     * Longest bulk argument while authentication is required; longer is {@code unauthenticated bulk length}.
     *
     * @return longest bulk argument before authentication.
     */
    public int unauthenticatedMaxBulkLength()
    {
        return unauthenticatedMaxBulkLength;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "RespLimits{" +
            "maxBulkLength=" + maxBulkLength +
            ", inlineMaxSize=" + inlineMaxSize +
            ", maxMultibulkLength=" + maxMultibulkLength +
            ", unauthenticatedMaxMultibulkLength=" + unauthenticatedMaxMultibulkLength +
            ", unauthenticatedMaxBulkLength=" + unauthenticatedMaxBulkLength +
            '}';
    }

    /**
     * Builder of {@link RespLimits}, preset to the defaults. This class is not threadsafe.
     */
    public static final class Builder
    {
        private int maxBulkLength = DEFAULT_MAX_BULK_LENGTH;
        private int inlineMaxSize = DEFAULT_INLINE_MAX_SIZE;
        private int maxMultibulkLength = DEFAULT_MAX_MULTIBULK_LENGTH;
        private int unauthenticatedMaxMultibulkLength = DEFAULT_UNAUTHENTICATED_MAX_MULTIBULK_LENGTH;
        private int unauthenticatedMaxBulkLength = DEFAULT_UNAUTHENTICATED_MAX_BULK_LENGTH;

        private Builder()
        {
        }

        /**
         * Set {@link RespLimits#maxBulkLength()}.
         *
         * @param maxBulkLength from 0 to {@link RespLimits#MAX_ARRAY_LENGTH}.
         * @return this for a fluent API.
         */
        public Builder maxBulkLength(final int maxBulkLength)
        {
            this.maxBulkLength = checkRange("maxBulkLength", maxBulkLength, MAX_ARRAY_LENGTH);
            return this;
        }

        /**
         * Set {@link RespLimits#inlineMaxSize()}.
         *
         * @param inlineMaxSize zero or more bytes.
         * @return this for a fluent API.
         */
        public Builder inlineMaxSize(final int inlineMaxSize)
        {
            this.inlineMaxSize = checkRange("inlineMaxSize", inlineMaxSize, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Set {@link RespLimits#maxMultibulkLength()}.
         *
         * @param maxMultibulkLength from 0 to {@link RespLimits#MAX_ARRAY_LENGTH}.
         * @return this for a fluent API.
         */
        public Builder maxMultibulkLength(final int maxMultibulkLength)
        {
            this.maxMultibulkLength = checkRange("maxMultibulkLength", maxMultibulkLength, MAX_ARRAY_LENGTH);
            return this;
        }

        /**
         * Set {@link RespLimits#unauthenticatedMaxMultibulkLength()}.
         *
         * @param unauthenticatedMaxMultibulkLength from 0 to {@link RespLimits#MAX_ARRAY_LENGTH}.
         * @return this for a fluent API.
         */
        public Builder unauthenticatedMaxMultibulkLength(final int unauthenticatedMaxMultibulkLength)
        {
            this.unauthenticatedMaxMultibulkLength = checkRange(
                "unauthenticatedMaxMultibulkLength", unauthenticatedMaxMultibulkLength, MAX_ARRAY_LENGTH);
            return this;
        }

        /**
         * Set {@link RespLimits#unauthenticatedMaxBulkLength()}.
         *
         * @param unauthenticatedMaxBulkLength from 0 to {@link RespLimits#MAX_ARRAY_LENGTH}.
         * @return this for a fluent API.
         */
        public Builder unauthenticatedMaxBulkLength(final int unauthenticatedMaxBulkLength)
        {
            this.unauthenticatedMaxBulkLength = checkRange(
                "unauthenticatedMaxBulkLength", unauthenticatedMaxBulkLength, MAX_ARRAY_LENGTH);
            return this;
        }

        /**
         * Build the immutable limits.
         *
         * @return the limits set so far.
         */
        public RespLimits build()
        {
            return new RespLimits(this);
        }

        private static int checkRange(final String name, final int value, final int max)
        {
            if (value < 0 || value > max)
            {
                throw new IllegalArgumentException(name + " must be in [0, " + max + "]: " + value);
            }

            return value;
        }
    }
}

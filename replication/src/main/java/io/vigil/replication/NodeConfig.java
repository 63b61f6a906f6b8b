package io.vigil.replication;

import io.vigil.core.StoreConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Validated, immutable configuration of a {@link VigilNode}: its store, and how it serves the Redis protocol.
 * Built with {@link #builder()}; the settings carry Redis's names and defaults, except that a node binds
 * 127.0.0.1 unless told otherwise.
 */
public final class NodeConfig
{
    /** Default {@code port}, as Redis. */
    public static final int DEFAULT_PORT = 6379;
    /** Default {@code maxclients}, as Redis. */
    public static final int DEFAULT_MAXCLIENTS = 10_000;

    private final StoreConfig store;
    private final int port;
    private final List<String> bind;
    private final String requirepass;
    private final boolean protectedMode;
    private final int maxclients;
    private final int timeoutSeconds;
    private final OutputBufferLimit normalLimit;
    private final OutputBufferLimit pubsubLimit;
    private final String replicaOfHost;
    private final int replicaOfPort;
    private final ThreadingMode threadingMode;

    /** How a node runs its writer and its network agent, in the style of Aeron's ThreadingMode. */
    public enum ThreadingMode
    {
        /** Writer and network on one thread, as Redis: no hand-off between threads for a client's write. */
        SHARED,
        /** Writer and network on a thread each. */
        DEDICATED
    }

    private NodeConfig(final Builder b)
    {
        threadingMode = b.threadingMode;
        store = b.store;
        port = b.port;
        bind = Collections.unmodifiableList(new ArrayList<>(b.bind));
        requirepass = b.requirepass;
        protectedMode = b.protectedMode;
        maxclients = b.maxclients;
        timeoutSeconds = b.timeoutSeconds;
        normalLimit = b.normalLimit;
        pubsubLimit = b.pubsubLimit;
        replicaOfHost = b.replicaOfHost;
        replicaOfPort = b.replicaOfPort;
    }

    /**
     * @return a builder with every default set.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the store's configuration.
     */
    public StoreConfig store()
    {
        return store;
    }

    /**
     * @return TCP port ({@code port}); 0 picks a free one.
     */
    public int port()
    {
        return port;
    }

    /**
     * @return addresses to listen on ({@code bind}).
     */
    public List<String> bind()
    {
        return bind;
    }

    /**
     * @return the password clients must AUTH with ({@code requirepass}), or null.
     */
    public String requirepass()
    {
        return requirepass;
    }

    /**
     * @return {@code protected-mode}.
     */
    public boolean protectedMode()
    {
        return protectedMode;
    }

    /**
     * @return {@code maxclients}.
     */
    public int maxclients()
    {
        return maxclients;
    }

    /**
     * @return idle seconds before a client is closed ({@code timeout}), 0 for never.
     */
    public int timeoutSeconds()
    {
        return timeoutSeconds;
    }

    /**
     * @return {@code client-output-buffer-limit normal}.
     */
    public OutputBufferLimit normalLimit()
    {
        return normalLimit;
    }

    /**
     * @return {@code client-output-buffer-limit pubsub}.
     */
    public OutputBufferLimit pubsubLimit()
    {
        return pubsubLimit;
    }

    /**
     * @return how the node's agents are run.
     */
    public ThreadingMode threadingMode()
    {
        return threadingMode;
    }

    /**
     * @return the master's host ({@code replicaof}), or null for a master.
     */
    public String replicaOfHost()
    {
        return replicaOfHost;
    }

    /**
     * @return the master's port ({@code replicaof}).
     */
    public int replicaOfPort()
    {
        return replicaOfPort;
    }

    /**
     * One class of {@code client-output-buffer-limit}: a hard limit, and a soft limit that may be exceeded for at
     * most {@code softSeconds}. 0 disables a limit. Immutable.
     */
    public static final class OutputBufferLimit
    {
        /** No limit. */
        public static final OutputBufferLimit NONE = new OutputBufferLimit(0, 0, 0);

        private final long hardBytes;
        private final long softBytes;
        private final int softSeconds;

        /**
         * @param hardBytes   hard limit.
         * @param softBytes   soft limit.
         * @param softSeconds how long the soft limit may be exceeded.
         */
        public OutputBufferLimit(final long hardBytes, final long softBytes, final int softSeconds)
        {
            if (hardBytes < 0 || softBytes < 0 || softSeconds < 0)
            {
                throw new IllegalArgumentException("client-output-buffer-limit values must not be negative");
            }
            this.hardBytes = hardBytes;
            this.softBytes = softBytes;
            this.softSeconds = softSeconds;
        }

        /**
         * @return the hard limit in bytes, 0 for none.
         */
        public long hardBytes()
        {
            return hardBytes;
        }

        /**
         * @return the soft limit in bytes, 0 for none.
         */
        public long softBytes()
        {
            return softBytes;
        }

        /**
         * @return seconds the soft limit may be exceeded.
         */
        public int softSeconds()
        {
            return softSeconds;
        }

        public String toString()
        {
            return hardBytes + " " + softBytes + " " + softSeconds;
        }
    }

    /**
     * Fluent builder. Not threadsafe.
     */
    public static final class Builder
    {
        private StoreConfig store = StoreConfig.defaults();
        private int port = DEFAULT_PORT;
        private List<String> bind = List.of("127.0.0.1");
        private String requirepass;
        private boolean protectedMode = true;
        private int maxclients = DEFAULT_MAXCLIENTS;
        private int timeoutSeconds;
        private OutputBufferLimit normalLimit = OutputBufferLimit.NONE;
        // config.c: client-output-buffer-limit pubsub 32mb 8mb 60
        private OutputBufferLimit pubsubLimit = new OutputBufferLimit(32L << 20, 8L << 20, 60);
        private String replicaOfHost;
        private int replicaOfPort;
        private ThreadingMode threadingMode = ThreadingMode.SHARED;

        private Builder()
        {
        }

        /**
         * @param store the store's configuration.
         * @return this.
         */
        public Builder store(final StoreConfig store)
        {
            this.store = store;
            return this;
        }

        /**
         * @param port TCP port; 0 picks a free one.
         * @return this.
         */
        public Builder port(final int port)
        {
            this.port = port;
            return this;
        }

        /**
         * @param addresses addresses to listen on.
         * @return this.
         */
        public Builder bind(final String... addresses)
        {
            this.bind = List.of(addresses);
            return this;
        }

        /**
         * @param password password clients must AUTH with, or null for none.
         * @return this.
         */
        public Builder requirepass(final String password)
        {
            this.requirepass = password == null || password.isEmpty() ? null : password;
            return this;
        }

        /**
         * @param enabled {@code protected-mode}.
         * @return this.
         */
        public Builder protectedMode(final boolean enabled)
        {
            this.protectedMode = enabled;
            return this;
        }

        /**
         * @param maxclients most clients connected at once.
         * @return this.
         */
        public Builder maxclients(final int maxclients)
        {
            this.maxclients = maxclients;
            return this;
        }

        /**
         * @param seconds idle seconds before a client is closed, 0 for never.
         * @return this.
         */
        public Builder timeoutSeconds(final int seconds)
        {
            this.timeoutSeconds = seconds;
            return this;
        }

        /**
         * @param limit {@code client-output-buffer-limit normal}.
         * @return this.
         */
        public Builder normalLimit(final OutputBufferLimit limit)
        {
            this.normalLimit = limit;
            return this;
        }

        /**
         * @param limit {@code client-output-buffer-limit pubsub}.
         * @return this.
         */
        public Builder pubsubLimit(final OutputBufferLimit limit)
        {
            this.pubsubLimit = limit;
            return this;
        }

        /**
         * @param host master host, or null to be a master.
         * @param port master port.
         * @return this.
         */
        public Builder replicaOf(final String host, final int port)
        {
            this.replicaOfHost = host;
            this.replicaOfPort = port;
            return this;
        }

        /**
         * @param mode how the node's agents are run.
         * @return this.
         */
        public Builder threadingMode(final ThreadingMode mode)
        {
            this.threadingMode = mode;
            return this;
        }

        /**
         * @return the validated configuration.
         * @throws IllegalArgumentException naming the first invalid setting.
         */
        public NodeConfig build()
        {
            if (store == null || threadingMode == null)
            {
                throw new IllegalArgumentException("store configuration must be set");
            }
            if (port < 0 || port > 65535)
            {
                throw new IllegalArgumentException("port must be between 0 and 65535 inclusive: " + port);
            }
            if (bind.isEmpty())
            {
                throw new IllegalArgumentException("bind needs at least one address");
            }
            if (maxclients < 1)
            {
                throw new IllegalArgumentException("maxclients must be at least 1: " + maxclients);
            }
            if (timeoutSeconds < 0)
            {
                throw new IllegalArgumentException("timeout must not be negative: " + timeoutSeconds);
            }
            if (replicaOfHost != null && (replicaOfPort < 1 || replicaOfPort > 65535))
            {
                throw new IllegalArgumentException("replicaof port must be between 1 and 65535: " + replicaOfPort);
            }
            return new NodeConfig(this);
        }
    }
}

package io.vigil.replication.config;

/**
 * Receives directives one by one, in the order {@code redis-server} processes them, while a configuration is
 * being read. An exception thrown here stops the reading: a value error on line 3 is then reported before a
 * quoting error on line 10 or a missing include on line 12, as Redis, which applies each line before it
 * reads the next, reports it.
 */
@FunctionalInterface
public interface DirectiveListener {

    /**
     * Called for each directive, including {@code include} lines (before the directives of the included
     * files).
     *
     * @param directive       the directive read
     * @param fromCommandLine whether it comes from a command-line option (or a file a command-line
     *                        {@code --include} names) rather than from the configuration file or standard input
     */
    void directive(ConfigDirective directive, boolean fromCommandLine) throws ConfigException;
}

package io.vigil.replication.config;

/**
 * A directive's value is not acceptable. The message is the reason line of the fatal error, e.g.
 * {@code argument must be 'yes' or 'no'}; {@link ConfigSchema} adds the line number and line text.
 */
public final class InvalidValueException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param reason the reason line, in Redis's words where Redis has words for it */
    public InvalidValueException(String reason) {
        super(reason);
    }
}

package io.vigil.core;

/**
 * A RESP error reply, such as {@code -ERR syntax error}. Immutable.
 */
public final class ErrorReply
{
    private final String message;

    /**
     * @param message the error text without the leading '-', starting with its code, e.g. {@code "ERR syntax error"}.
     */
    public ErrorReply(final String message)
    {
        this.message = message;
    }

    /**
     * @return the error text without the leading '-'.
     */
    public String message()
    {
        return message;
    }

    public boolean equals(final Object o)
    {
        return o instanceof ErrorReply && ((ErrorReply)o).message.equals(message);
    }

    public int hashCode()
    {
        return message.hashCode();
    }

    public String toString()
    {
        return message;
    }
}

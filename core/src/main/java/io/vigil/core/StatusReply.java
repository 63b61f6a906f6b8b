package io.vigil.core;

/**
 * A RESP simple string reply such as {@code +OK}. Immutable.
 */
public final class StatusReply
{
    /** {@code +OK}. */
    public static final StatusReply OK = new StatusReply("OK");
    /** {@code +PONG}. */
    public static final StatusReply PONG = new StatusReply("PONG");

    private final String text;

    /**
     * @param text the status text, without the leading '+'.
     */
    public StatusReply(final String text)
    {
        this.text = text;
    }

    /**
     * @return the status text.
     */
    public String text()
    {
        return text;
    }

    public boolean equals(final Object o)
    {
        return o instanceof StatusReply && ((StatusReply)o).text.equals(text);
    }

    public int hashCode()
    {
        return text.hashCode();
    }

    public String toString()
    {
        return text;
    }
}

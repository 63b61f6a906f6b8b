package io.vigil.core.rdb;

import java.io.IOException;

/**
 * Thrown when an RDB stream is truncated, corrupt, of an unsupported version, or holds data this codec does not
 * handle. The message names what was being read and the byte offset in the stream where the problem was found.
 */
public class RdbFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where.
     */
    public RdbFormatException(final String message)
    {
        super(message);
    }
}

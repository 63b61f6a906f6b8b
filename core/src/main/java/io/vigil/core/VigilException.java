package io.vigil.core;

/**
 * Thrown by the typed in-process API when a command replies with an error. The message is Redis's error text,
 * for example {@code "READONLY You can't write against a read only replica."}.
 */
public class VigilException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the error text.
     */
    public VigilException(final String message)
    {
        super(message);
    }
}

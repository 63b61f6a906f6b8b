package io.vigil.core;

/**
 * Carries the exception a {@link WriterTask} threw from the writer back to its caller, who sees it rethrown.
 */
final class TaskFailure
{
    final RuntimeException cause;

    TaskFailure(final RuntimeException cause)
    {
        this.cause = cause;
    }
}

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

    /**
     * @param thrown what the task, or the writer running it, threw.
     * @return the failure, an {@link Error} or checked exception wrapped so the caller can rethrow it.
     */
    static TaskFailure of(final Throwable thrown)
    {
        return new TaskFailure(thrown instanceof RuntimeException ? (RuntimeException)thrown :
            new IllegalStateException("the task failed: " + thrown, thrown));
    }
}

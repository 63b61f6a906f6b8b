package io.vigil.core;

/**
 * Work other than a command that must run on the writer thread, such as loading a snapshot or changing role.
 */
@FunctionalInterface
interface WriterTask
{
    /**
     * Runs on the writer thread.
     *
     * @param writer the writer.
     * @return the reply for the caller.
     */
    Object run(WriterAgent writer);
}

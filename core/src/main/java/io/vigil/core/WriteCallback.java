package io.vigil.core;

/**
 * Receives the reply of a write submitted with {@link VigilStore#submit}. Called on the writer thread after the
 * write's effect is published in the log, so it must be short and must not block: hand the reply to another thread.
 */
@FunctionalInterface
public interface WriteCallback
{
    /**
     * @param reply the command's reply, as {@link VigilCommands#execute(byte[]...)} returns it.
     */
    void onReply(Object reply);
}

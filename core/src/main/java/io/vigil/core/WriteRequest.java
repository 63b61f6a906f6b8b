package io.vigil.core;

/**
 * A unit of work handed to the writer through the {@link WriteSequencer}: either a command ({@code spec} and
 * {@code argv}) or a {@link WriterTask}. {@link #apply} runs on the writer thread in batch order; {@link #complete}
 * runs on the writer thread after the batch's log bytes are published, so a caller that sees its completion also sees
 * its effect in the keyspace and the log. The fields are set by the submitting thread before submission and read by
 * the writer after it takes the request from the sequencer.
 */
abstract class WriteRequest
{
    CommandSpec spec;
    byte[][] argv;
    WriterTask task;

    /**
     * @return the command's first key argument, or null for a task or a command without keys.
     */
    final byte[] firstKey()
    {
        return task == null && spec.hasKeys() && argv.length > 1 ? argv[1] : null;
    }

    /**
     * Runs on the writer. A task's exception travels back as a {@link TaskFailure}; a command's becomes an error
     * reply in the writer.
     *
     * @param writer the writer agent.
     * @return the reply to hand to {@link #complete}.
     */
    final Object apply(final WriterAgent writer)
    {
        if (task == null)
        {
            return writer.execute(spec, argv, argv.length);
        }
        try
        {
            return task.run(writer);
        }
        catch (final RuntimeException ex)
        {
            return new TaskFailure(ex);
        }
    }

    /**
     * The reply for a request whose apply threw, or was never reached because the writer failed: an error reply for
     * a command, a {@link TaskFailure} for a task.
     *
     * @param cause what went wrong.
     * @return the reply to hand to {@link #complete}.
     */
    final Object failureReply(final Throwable cause)
    {
        return task == null ? Replies.thrown(cause) : TaskFailure.of(cause);
    }

    /**
     * The reply for a request that the writer never reached because it failed.
     *
     * @param writerFailure why the writer failed.
     * @return an error reply for a command, a {@link TaskFailure} for a task.
     */
    final Object notAppliedReply(final Throwable writerFailure)
    {
        final String message = "the writer failed: " + writerFailure;
        return task == null ? new ErrorReply(Replies.sanitize("ERR " + message)) :
            new TaskFailure(new IllegalStateException(message, writerFailure));
    }

    /**
     * Runs on the writer after the log is published.
     *
     * @param reply what {@link #apply} returned.
     */
    abstract void complete(Object reply);

    /**
     * The writer is gone: the request will never run.
     *
     * @param reason why.
     */
    abstract void fail(RuntimeException reason);
}

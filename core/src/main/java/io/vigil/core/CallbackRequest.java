package io.vigil.core;

/**
 * A command, or a transaction, for the writer whose reply goes to a {@link WriteCallback}.
 */
final class CallbackRequest extends WriteRequest
{
    private final WriteCallback callback;

    CallbackRequest(final CommandSpec spec, final byte[][] argv, final WriteCallback callback)
    {
        this.spec = spec;
        this.argv = argv;
        this.callback = callback;
    }

    CallbackRequest(final WriterTask task, final WriteCallback callback)
    {
        this.task = task;
        this.callback = callback;
    }

    void complete(final Object reply)
    {
        callback.onReply(reply(reply));
    }

    /**
     * @param reply a command's reply or a task's result.
     * @return the reply a callback gets: a task's failure becomes an error reply.
     */
    static Object reply(final Object reply)
    {
        return reply instanceof TaskFailure ?
            new ErrorReply(Replies.sanitize("ERR " + ((TaskFailure)reply).cause.getMessage())) : reply;
    }

    void fail(final RuntimeException reason)
    {
        callback.onReply(new ErrorReply(Replies.sanitize("ERR " + reason.getMessage())));
    }
}

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
        callback.onReply(reply instanceof TaskFailure ?
            new ErrorReply(Replies.sanitize("ERR " + ((TaskFailure)reply).cause.getMessage())) : reply);
    }

    void fail(final RuntimeException reason)
    {
        callback.onReply(new ErrorReply(Replies.sanitize("ERR " + reason.getMessage())));
    }
}

package io.vigil.core;

import java.util.concurrent.CompletableFuture;

/**
 * A command or task for the writer, completed through a {@link CompletableFuture}. One per asynchronous call.
 */
final class CommandRequest extends WriteRequest
{
    private final CompletableFuture<Object> future = new CompletableFuture<>();

    CommandRequest(final CommandSpec spec, final byte[][] argv)
    {
        this.spec = spec;
        this.argv = argv;
    }

    CommandRequest(final WriterTask task)
    {
        this.task = task;
    }

    CompletableFuture<Object> future()
    {
        return future;
    }

    void complete(final Object reply)
    {
        if (reply instanceof TaskFailure)
        {
            future.completeExceptionally(((TaskFailure)reply).cause);
        }
        else
        {
            future.complete(reply);
        }
    }

    void fail(final RuntimeException reason)
    {
        future.completeExceptionally(reason);
    }
}

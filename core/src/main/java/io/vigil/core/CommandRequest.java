package io.vigil.core;

import java.util.concurrent.CompletableFuture;

/**
 * A command or task for the writer, completed through a {@link CompletableFuture}. One per asynchronous call.
 */
final class CommandRequest extends WriteRequest
{
    private final CommandSpec spec;
    private final byte[][] argv;
    private final WriterTask task;
    private final CompletableFuture<Object> future = new CompletableFuture<>();

    CommandRequest(final CommandSpec spec, final byte[][] argv)
    {
        this.spec = spec;
        this.argv = argv;
        this.task = null;
    }

    CommandRequest(final WriterTask task)
    {
        this.spec = null;
        this.argv = null;
        this.task = task;
    }

    CompletableFuture<Object> future()
    {
        return future;
    }

    Object apply(final WriterAgent writer)
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

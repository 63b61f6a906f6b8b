package io.vigil.core;

import java.util.concurrent.CompletableFuture;

/**
 * A command for the writer, completed through a {@link CompletableFuture}. One per asynchronous call.
 */
final class CommandRequest extends WriteRequest
{
    private final CommandSpec spec;
    private final byte[][] argv;
    private final CompletableFuture<Object> future = new CompletableFuture<>();

    CommandRequest(final CommandSpec spec, final byte[][] argv)
    {
        this.spec = spec;
        this.argv = argv;
    }

    CompletableFuture<Object> future()
    {
        return future;
    }

    Object apply(final WriterAgent writer)
    {
        return writer.execute(spec, argv, argv.length);
    }

    void complete(final Object reply)
    {
        future.complete(reply);
    }

    void fail(final RuntimeException reason)
    {
        future.completeExceptionally(reason);
    }
}

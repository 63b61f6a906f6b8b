package io.vigil.core;

/**
 * A unit of work handed to the writer through the {@link WriteSequencer}. {@link #apply} runs on the writer thread in
 * batch order; {@link #complete} runs on the writer thread after the batch's log bytes are published, so a caller
 * that sees its completion also sees its effect in the keyspace and the log.
 */
abstract class WriteRequest
{
    /**
     * Runs on the writer.
     *
     * @param writer the writer agent.
     * @return the reply to hand to {@link #complete}.
     */
    abstract Object apply(WriterAgent writer);

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

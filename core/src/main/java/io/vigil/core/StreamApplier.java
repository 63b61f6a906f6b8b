package io.vigil.core;

import io.vigil.core.resp.RespLimits;
import io.vigil.core.resp.RespParser;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The replica apply path: bytes of the master's replication stream, in whatever pieces they arrive, are parsed into
 * commands, each applied through the writer's context with expiry suspended and effect logging off, and then
 * appended unchanged to this store's own log. The replica's offset therefore equals its master's after every
 * complete command, and it can feed replicas of its own.
 * <p>
 * A partial command at the end of a piece waits for the next piece. This class is not threadsafe: writer thread only.
 */
final class StreamApplier implements RespParser.CommandHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(StreamApplier.class);

    private final CommandContext ctx;
    private final CommandTable table;
    // A master's bulk may be as large as any value the replica accepts.
    private final RespParser parser;
    private final ExpandableArrayBuffer pending = new ExpandableArrayBuffer(4096);
    private int pendingLength;
    private long commandsApplied;

    StreamApplier(final CommandContext ctx, final CommandTable table)
    {
        this.ctx = ctx;
        this.table = table;
        parser = new RespParser(RespLimits.builder()
            .maxBulkLength((int)Math.min(ctx.config.protoMaxBulkLen(), RespLimits.MAX_ARRAY_LENGTH))
            .maxMultibulkLength(RespLimits.MAX_ARRAY_LENGTH)
            .build());
    }

    /**
     * Apply a piece of the stream.
     *
     * @param bytes  the piece.
     * @param offset first byte.
     * @param length number of bytes.
     */
    void apply(final byte[] bytes, final int offset, final int length)
    {
        pending.putBytes(pendingLength, bytes, offset, length);
        pendingLength += length;
        final int consumed;
        try
        {
            consumed = parser.parse(pending, 0, pendingLength, this);
        }
        catch (final RuntimeException ex)
        {
            reset();
            throw ex;
        }
        if (consumed > 0)
        {
            pending.putBytes(0, pending, consumed, pendingLength - consumed);
            pendingLength -= consumed;
        }
    }

    /**
     * Forget any partial command, as when the link to the master is lost and the stream restarts elsewhere.
     */
    void reset()
    {
        parser.reset();
        pendingLength = 0;
    }

    /**
     * @return bytes received but not yet applied because their command is incomplete.
     */
    int pendingBytes()
    {
        return pendingLength;
    }

    public void onCommand(
        final byte[][] argv, final int argc, final DirectBuffer buffer, final int frameOffset, final int frameLength)
    {
        final CommandSpec spec = table.lookup(argv[0]);
        if (spec != null && spec.isWrite() && spec.arityMatches(argc))
        {
            ctx.applyingStream = true;
            try
            {
                final Object reply = spec.execute(ctx, argv, argc);
                if (reply instanceof ErrorReply)
                {
                    LOG.warn("command from master failed: {} -> {}", name(argv), reply);
                }
            }
            finally
            {
                ctx.applyingStream = false;
            }
        }
        else if (!isStreamControl(argv))
        {
            // Redis executes what its master sends and discards the replies; the bytes still count toward the offset.
            LOG.warn("ignoring command from master: {}", name(argv));
        }
        ctx.log.appendRaw(buffer, frameOffset, frameLength);
        commandsApplied++;
    }

    public void onProtocolError(final String message)
    {
        // replication.c: a protocol error from the master means the stream is unusable; the link layer must resync.
        LOG.error("protocol error in the replication stream: {}", message);
        throw new IllegalStateException("replication stream: " + message);
    }

    private static boolean isStreamControl(final byte[][] argv)
    {
        return Replies.isOption(argv[0], "PING") || Replies.isOption(argv[0], "SELECT") ||
            Replies.isOption(argv[0], "REPLCONF") || Replies.isOption(argv[0], "MULTI") ||
            Replies.isOption(argv[0], "EXEC");
    }

    private static String name(final byte[][] argv)
    {
        return new String(argv[0], StandardCharsets.UTF_8);
    }

    long commandsApplied()
    {
        return commandsApplied;
    }
}

package io.vigil.replication.server;

import io.vigil.core.ErrorReply;
import io.vigil.core.Transaction;
import io.vigil.core.WriteCallback;
import io.vigil.core.resp.RespParser;
import io.vigil.replication.transport.Connection;
import io.vigil.replication.transport.ConnectionHandler;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * One client connection of the {@link RespServer}: its parser, its partial input, its replies in order, and its
 * state (name, authentication, MULTI, subscriptions).
 * <p>
 * Replies leave in request order. Reads and server commands are answered at once while no write of this client is in
 * flight; writes are submitted to the store's writer and answered when the writer completes them. Once a write is in
 * flight, a read waits (with everything after it) until the writes before it are answered, so a client always reads
 * its own writes, as with Redis.
 * <p>
 * Runs on the server's I/O thread, except {@link PendingReply#onReply}, which the writer calls.
 */
final class ClientSession implements ConnectionHandler, RespParser.CommandHandler
{
    /** Deferred commands past which the session stops reading its socket. */
    private static final int MAX_DEFERRED = 4096;

    final RespServer server;
    final Connection connection;
    final long id;
    final long createdMs;
    long lastInteractionMs;
    String name;
    String libName;
    String libVersion;
    boolean authenticated;
    Transaction multi;
    Transaction watch;
    boolean multiFailed;
    final Set<String> channels = new HashSet<>();
    final Set<String> patterns = new HashSet<>();
    String lastCommand;
    boolean closing;
    long softLimitSinceMs = -1;

    private RespParser parser;
    private final ExpandableArrayBuffer input = new ExpandableArrayBuffer(0);
    private int inputLength;
    private ExpandableArrayBuffer output = new ExpandableArrayBuffer(256);
    private int outputLength;
    private final ArrayDeque<PendingReply> pending = new ArrayDeque<>();
    private final ArrayDeque<byte[][]> deferred = new ArrayDeque<>();
    private boolean closed;
    private boolean draining;
    private boolean inOnData;
    private String protocolError;
    private boolean stalled;

    ClientSession(final RespServer server, final Connection connection, final long nowMs)
    {
        this.server = server;
        this.connection = connection;
        this.id = connection.id();
        this.createdMs = nowMs;
        this.lastInteractionMs = nowMs;
        this.authenticated = server.requirepass() == null;
        this.parser = new RespParser(server.respLimits()).authRequired(!authenticated);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Transport events.
    // ---------------------------------------------------------------------------------------------------------------

    public void onOpen(final Connection connection)
    {
    }

    public void onData(final Connection connection, final DirectBuffer buffer, final int offset, final int length)
    {
        lastInteractionMs = server.nowMs();
        if (closing)
        {
            return;
        }
        inOnData = true;
        if (parser.limits() != server.respLimits() && inputLength == 0)
        {
            // CONFIG SET changed the protocol limits: apply them from this client's next request on.
            parser = new RespParser(server.respLimits()).authRequired(!authenticated);
        }
        if (inputLength == 0)
        {
            final int consumed = parser.parse(buffer, offset, length, this);
            if (consumed < length && !closing)
            {
                input.putBytes(0, buffer, offset + consumed, length - consumed);
                inputLength = length - consumed;
            }
        }
        else
        {
            input.putBytes(inputLength, buffer, offset, length);
            inputLength += length;
            if (inputLength >= parser.bytesNeeded())
            {
                final int consumed = parser.parse(input, 0, inputLength, this);
                if (consumed > 0)
                {
                    input.putBytes(0, input, consumed, inputLength - consumed);
                    inputLength -= consumed;
                }
            }
        }
        if (closing)
        {
            inputLength = 0;
        }
        inOnData = false;
        flush();
    }

    public void onClose(final Connection connection)
    {
        closed = true;
        server.onSessionClosed(this);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Requests.
    // ---------------------------------------------------------------------------------------------------------------

    public void onCommand(
        final byte[][] argv, final int argc, final DirectBuffer buffer, final int frameOffset, final int frameLength)
    {
        if (closing || closed)
        {
            return;
        }
        final byte[][] args = argc == argv.length ? argv.clone() : java.util.Arrays.copyOf(argv, argc);
        if (!deferred.isEmpty())
        {
            // defer() takes back the count that dispatch() adds; this request was not dispatched yet.
            server.totalCommandsProcessed++;
            defer(args);
            return;
        }
        server.dispatch(this, args);
    }

    public void onProtocolError(final String message)
    {
        if (pending.isEmpty() && deferred.isEmpty())
        {
            // networking.c setProtocolError: reply, then close after the reply is written.
            reply(new ErrorReply(message));
            closeAfterReplies();
            return;
        }
        // The requests before the bad one are answered first; nothing more is read.
        protocolError = message;
        connection.pauseReading(true);
    }

    /**
     * Hold a command until the writes before it are answered.
     */
    void defer(final byte[][] argv)
    {
        // Counted again when it runs.
        server.totalCommandsProcessed--;
        if (draining)
        {
            // The request being resumed must wait again, ahead of everything after it.
            deferred.addFirst(argv);
            stalled = true;
            return;
        }
        deferred.addLast(argv);
        if (deferred.size() == MAX_DEFERRED)
        {
            connection.pauseReading(true);
        }
    }

    /**
     * @return true if a write of this session is still in flight.
     */
    boolean hasPendingWrites()
    {
        return !pending.isEmpty();
    }

    /**
     * A reply slot for a write about to be submitted; replies queued after it wait for it.
     */
    PendingReply newPendingReply()
    {
        final PendingReply slot = new PendingReply(this);
        pending.addLast(slot);
        return slot;
    }

    /**
     * Called on the I/O thread when the writer has completed one of this session's writes.
     */
    void onWriteCompleted()
    {
        while (!pending.isEmpty() && pending.peekFirst().done)
        {
            final PendingReply slot = pending.pollFirst();
            encode(slot.reply == null && slot.nullIsArray ? ReplyEncoder.NULL_ARRAY : slot.reply);
        }
        resume();
    }

    /**
     * Dispatch deferred requests while none of this session's writes is in flight.
     */
    void resume()
    {
        if (protocolError != null && deferred.isEmpty() && pending.isEmpty() && !draining)
        {
            reply(new ErrorReply(protocolError));
            protocolError = null;
            closeAfterReplies();
            return;
        }
        if (deferred.isEmpty() || !pending.isEmpty() || draining)
        {
            if (!inOnData)
            {
                flush();
            }
            return;
        }
        draining = true;
        stalled = false;
        try
        {
            while (pending.isEmpty() && !deferred.isEmpty() && !closing && !stalled)
            {
                server.dispatch(this, deferred.pollFirst());
            }
        }
        finally
        {
            draining = false;
        }
        if (protocolError != null)
        {
            if (pending.isEmpty() && deferred.isEmpty())
            {
                reply(new ErrorReply(protocolError));
                protocolError = null;
                closeAfterReplies();
                return;
            }
        }
        else if (deferred.size() < MAX_DEFERRED / 2)
        {
            connection.pauseReading(false);
        }
        if (!inOnData)
        {
            flush();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Replies.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Queue a reply in order: sent at once if no write is in flight, else after the writes before it.
     */
    void reply(final Object reply)
    {
        if (pending.isEmpty())
        {
            encode(reply);
        }
        else
        {
            final PendingReply slot = new PendingReply(this);
            slot.reply = reply;
            slot.done = true;
            pending.addLast(slot);
        }
    }

    /**
     * Send a message out of band (pub/sub) right away.
     */
    void push(final Object message)
    {
        encode(message);
        flush();
    }

    private void encode(final Object reply)
    {
        if (closed)
        {
            return;
        }
        outputLength = ReplyEncoder.encode(output, outputLength, reply);
        if (outputLength > 64 * 1024)
        {
            // A pipeline of large replies must meet the output limit before it is all encoded, not after.
            flush();
        }
    }

    /**
     * Hand encoded replies to the connection and enforce the output buffer limits.
     */
    void flush()
    {
        if (outputLength > 0 && !closed)
        {
            connection.send(output, 0, outputLength);
            outputLength = 0;
            if (output.capacity() > 64 * 1024)
            {
                // A large reply went out: do not keep its buffer for the life of the connection.
                output = new ExpandableArrayBuffer(256);
            }
            server.checkOutputLimits(this);
        }
    }

    /**
     * Close once the replies queued so far are written (QUIT, protocol errors).
     */
    void closeAfterReplies()
    {
        closing = true;
        deferred.clear();
        flush();
        connection.closeAfterFlush();
    }

    boolean isSubscribed()
    {
        return !channels.isEmpty() || !patterns.isEmpty();
    }

    int pendingCount()
    {
        return pending.size() + deferred.size();
    }

    int inputBytes()
    {
        return inputLength;
    }

    void setAuthenticated(final boolean authenticated)
    {
        this.authenticated = authenticated;
        parser.authRequired(!authenticated);
    }

    /**
     * A reply that the writer fills in; the I/O thread sends it in order.
     */
    static final class PendingReply implements WriteCallback
    {
        final ClientSession session;
        Object reply;
        volatile boolean done;
        boolean nullIsArray;

        PendingReply(final ClientSession session)
        {
            this.session = session;
        }

        public void onReply(final Object reply)
        {
            this.reply = reply;
            done = true;
            session.server.completed(this);
        }
    }
}

package io.vigil.replication.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A RESP client on a plain socket that sends raw bytes and reads replies as raw bytes, for tests that compare replies
 * byte for byte or send malformed input. Every read is bounded by the socket timeout. Not threadsafe.
 */
public final class RawClient implements AutoCloseable
{
    /** Longest wait for one read. */
    public static final int READ_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /**
     * @param port port on 127.0.0.1.
     * @throws IOException if the connection fails.
     */
    public RawClient(final int port) throws IOException
    {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * @param args arguments.
     * @return them as a multibulk request.
     */
    public static byte[] multibulk(final byte[]... args)
    {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (final byte[] arg : args)
        {
            b.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(arg);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    /**
     * @param args arguments, each char one byte (ISO-8859-1).
     * @return them as a multibulk request.
     */
    public static byte[] multibulk(final String... args)
    {
        final byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++)
        {
            bytes[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return multibulk(bytes);
    }

    /**
     * Send bytes as they are.
     *
     * @param bytes to send.
     * @throws IOException if the write fails.
     */
    public void send(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    /**
     * Send ISO-8859-1 text as it is.
     *
     * @param text to send.
     * @throws IOException if the write fails.
     */
    public void sendRaw(final String text) throws IOException
    {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Send a multibulk request and read its reply.
     *
     * @param args arguments.
     * @return the reply's raw bytes as ISO-8859-1 text.
     * @throws IOException if the connection fails or no reply comes in time.
     */
    public String call(final String... args) throws IOException
    {
        send(multibulk(args));
        return readReply();
    }

    /**
     * Read one complete reply.
     *
     * @return its raw bytes as ISO-8859-1 text, for example {@code "+OK\r\n"}.
     * @throws IOException if the connection fails or closes, or no reply comes in time.
     */
    public String readReply() throws IOException
    {
        final ByteArrayOutputStream reply = new ByteArrayOutputStream();
        readReply(reply);
        return reply.toString(StandardCharsets.ISO_8859_1);
    }

    private void readReply(final ByteArrayOutputStream reply) throws IOException
    {
        final String line = readLine(reply);
        final char type = line.charAt(0);
        switch (type)
        {
            case '+', '-', ':' ->
            {
            }
            case '$' ->
            {
                final int length = Integer.parseInt(line.substring(1));
                if (length >= 0)
                {
                    reply.write(readExactly(length + 2));
                }
            }
            case '*' ->
            {
                final int count = Integer.parseInt(line.substring(1));
                for (int i = 0; i < count; i++)
                {
                    readReply(reply);
                }
            }
            default -> throw new IOException("not a RESP2 reply: " + line);
        }
    }

    private String readLine(final ByteArrayOutputStream reply) throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true)
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new EOFException("connection closed after " + line.toString(StandardCharsets.ISO_8859_1));
            }
            reply.write(b);
            if (previous == '\r' && b == '\n')
            {
                final byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    /**
     * @param n number of bytes.
     * @return exactly that many bytes.
     * @throws IOException if the connection closes first or the read times out.
     */
    public byte[] readExactly(final int n) throws IOException
    {
        final byte[] bytes = in.readNBytes(n);
        if (bytes.length < n)
        {
            throw new EOFException("connection closed after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    /**
     * Read and drop whatever arrives until the server closes the connection.
     *
     * @param timeout longest wait.
     * @return true if the server closed the connection in time.
     * @throws IOException on an unexpected failure.
     */
    public boolean awaitClosed(final Duration timeout) throws IOException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final byte[] buffer = new byte[64 * 1024];
        while (System.nanoTime() < deadline)
        {
            socket.setSoTimeout((int)Math.max(1, Math.min(READ_TIMEOUT_MS, (deadline - System.nanoTime()) / 1_000_000)));
            try
            {
                if (in.read(buffer) < 0)
                {
                    return true;
                }
            }
            catch (final SocketTimeoutException ex)
            {
                // Checked against the deadline.
            }
            catch (final SocketException ex)
            {
                // Reset by the server: closed.
                return true;
            }
            finally
            {
                socket.setSoTimeout(READ_TIMEOUT_MS);
            }
        }
        return false;
    }

    /**
     * Read everything that arrives until the server closes the connection.
     *
     * @param timeout longest wait.
     * @return the bytes as ISO-8859-1 text, followed by {@code <closed>} if the server closed the connection in time.
     * @throws IOException on an unexpected failure.
     */
    public String readUntilClosed(final Duration timeout) throws IOException
    {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final long deadline = System.nanoTime() + timeout.toNanos();
        final byte[] buffer = new byte[64 * 1024];
        try
        {
            while (System.nanoTime() < deadline)
            {
                socket.setSoTimeout(
                    (int)Math.max(1, Math.min(READ_TIMEOUT_MS, (deadline - System.nanoTime()) / 1_000_000)));
                try
                {
                    final int n = in.read(buffer);
                    if (n < 0)
                    {
                        return received.toString(StandardCharsets.ISO_8859_1) + "<closed>";
                    }
                    received.write(buffer, 0, n);
                }
                catch (final SocketTimeoutException ex)
                {
                    // Checked against the deadline.
                }
                catch (final SocketException ex)
                {
                    return received.toString(StandardCharsets.ISO_8859_1) + "<closed>";
                }
            }
        }
        finally
        {
            socket.setSoTimeout(READ_TIMEOUT_MS);
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * @param quiet how long to listen.
     * @return true if nothing arrives within that time and the connection stays open.
     * @throws IOException on failure.
     */
    public boolean staysSilent(final Duration quiet) throws IOException
    {
        socket.setSoTimeout((int)quiet.toMillis());
        try
        {
            in.read();
            return false;
        }
        catch (final SocketTimeoutException ex)
        {
            return true;
        }
        finally
        {
            socket.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    /**
     * @return the underlying socket, for options such as the receive buffer.
     */
    public Socket socket()
    {
        return socket;
    }

    public void close() throws IOException
    {
        socket.close();
    }
}

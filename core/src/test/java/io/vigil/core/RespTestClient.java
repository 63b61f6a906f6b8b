package io.vigil.core;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking RESP2 client for tests: sends a command as an array of bulk strings and parses one reply into
 * the types {@link VigilStore#execute(byte[]...)} returns: null, byte[], Long, {@link StatusReply},
 * {@link ErrorReply}, Object[]. Error and status texts are decoded as UTF-8. Every read is bounded by the socket
 * timeout. Not threadsafe.
 */
final class RespTestClient implements Closeable
{
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespTestClient(final String host, final int port, final int timeoutMs) throws IOException
    {
        socket = new Socket();
        try
        {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        }
        catch (final IOException ex)
        {
            socket.close();
            throw ex;
        }
    }

    Object call(final byte[]... argv) throws IOException
    {
        out.write(encode(argv));
        out.flush();
        return readReply();
    }

    Object call(final String... argv) throws IOException
    {
        final byte[][] args = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++)
        {
            args[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        return call(args);
    }

    static byte[] encode(final byte[][] argv)
    {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeAscii(b, "*" + argv.length + "\r\n");
        for (final byte[] arg : argv)
        {
            writeAscii(b, "$" + arg.length + "\r\n");
            b.write(arg, 0, arg.length);
            writeAscii(b, "\r\n");
        }
        return b.toByteArray();
    }

    private static void writeAscii(final ByteArrayOutputStream b, final String s)
    {
        final byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        b.write(bytes, 0, bytes.length);
    }

    Object readReply() throws IOException
    {
        final int type = in.read();
        if (type < 0)
        {
            throw new EOFException("connection closed");
        }
        final byte[] line = readLine();
        switch (type)
        {
            case '+':
                return new StatusReply(new String(line, StandardCharsets.UTF_8));
            case '-':
                return new ErrorReply(new String(line, StandardCharsets.UTF_8));
            case ':':
                return Long.parseLong(new String(line, StandardCharsets.US_ASCII));
            case '$':
            {
                final int length = Integer.parseInt(new String(line, StandardCharsets.US_ASCII));
                if (length < 0)
                {
                    return null;
                }
                final byte[] value = in.readNBytes(length);
                if (value.length != length || in.read() != '\r' || in.read() != '\n')
                {
                    throw new IOException("truncated bulk string");
                }
                return value;
            }
            case '*':
            {
                final int count = Integer.parseInt(new String(line, StandardCharsets.US_ASCII));
                if (count < 0)
                {
                    return null;
                }
                final Object[] items = new Object[count];
                for (int i = 0; i < count; i++)
                {
                    items[i] = readReply();
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type byte " + type);
        }
    }

    private byte[] readLine() throws IOException
    {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true)
        {
            final int c = in.read();
            if (c < 0)
            {
                throw new EOFException("connection closed in the middle of a line");
            }
            if (c == '\r')
            {
                if (in.read() != '\n')
                {
                    throw new IOException("CR without LF");
                }
                return b.toByteArray();
            }
            b.write(c);
        }
    }

    public void close() throws IOException
    {
        socket.close();
    }
}

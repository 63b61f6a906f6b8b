package io.vigil.core.rdb;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RdbWriterTest
{
    private static final String REPL_ID = "0123456789abcdef0123456789abcdef01234567";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final RdbWriter writer = new RdbWriter(out);

    @Test
    void shouldWriteMagicAndAuxFieldsAsRedisDoes() throws IOException
    {
        writer.writeHeader("7.0.15", 1_700_000_000L, 1_000_000L, 0, REPL_ID, 5_000_000_000L);
        final long length = writer.finish();
        final byte[] rdb = out.toByteArray();

        final byte[] expected = concat(
            ascii("REDIS0010"),
            aux("redis-ver", bytes(6), ascii("7.0.15")),
            aux("redis-bits", bytes(0xC0, 64)),
            aux("ctime", bytes(0xC2, 0x00, 0xF1, 0x53, 0x65)),
            aux("used-mem", bytes(0xC2, 0x40, 0x42, 0x0F, 0x00)),
            aux("repl-stream-db", bytes(0xC0, 0)),
            aux("repl-id", bytes(40), ascii(REPL_ID)),
            aux("repl-offset", bytes(10), ascii("5000000000")),
            aux("aof-base", bytes(0xC0, 0)),
            bytes(0xFF));
        assertEquals(expected.length + 8, length);
        assertArrayEquals(expected, Arrays.copyOf(rdb, expected.length));
        assertEquals(Crc64.update(0, expected, 0, expected.length), longLE(rdb, expected.length));
    }

    @Test
    void shouldLeaveOutReplicationFieldsWithoutAReplicationId() throws IOException
    {
        writer.writeHeader("7.0.0", 0, 0, 0, null, 99);
        writer.finish();

        final byte[] expected = concat(
            ascii("REDIS0010"),
            aux("redis-ver", bytes(5), ascii("7.0.0")),
            aux("redis-bits", bytes(0xC0, 64)),
            aux("ctime", bytes(0xC0, 0)),
            aux("used-mem", bytes(0xC0, 0)),
            aux("aof-base", bytes(0xC0, 0)),
            bytes(0xFF));
        assertArrayEquals(expected, Arrays.copyOf(out.toByteArray(), expected.length));
        assertEquals(expected.length + 8, out.size());
    }

    @Test
    void shouldWriteSelectDbResizeDbAndKeysWithExpiry() throws IOException
    {
        writer.writeHeader(null, 0);
        final int headerLength = (int)writer.bytesWritten();
        writer.selectDb(3, 300, 2);
        writer.writeString(ascii("k"), ascii("v"), 0x0102030405060708L);
        writer.writeString(ascii("n"), ascii("x"), RdbFormat.NO_EXPIRY);
        writer.finish();

        final byte[] rdb = out.toByteArray();
        final byte[] expected = concat(
            bytes(0xFE, 3, 0xFB, 0x41, 0x2C, 2),
            bytes(0xFC, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1), ascii("k"), bytes(1), ascii("v"),
            bytes(0, 1), ascii("n"), bytes(1), ascii("x"),
            bytes(0xFF));
        assertArrayEquals(expected, Arrays.copyOfRange(rdb, headerLength, headerLength + expected.length));
        assertEquals(2, writer.keyCount());
    }

    @Test
    void shouldIntegerEncodeOnlyCanonicalDecimalsThatFitIn32Bits() throws IOException
    {
        assertEquals(hex(bytes(0xC0, 0)), encodedValue("0"));
        assertEquals(hex(bytes(0xC0, 0x7F)), encodedValue("127"));
        assertEquals(hex(bytes(0xC0, 0x80)), encodedValue("-128"));
        assertEquals(hex(bytes(0xC1, 0x80, 0x00)), encodedValue("128"));
        assertEquals(hex(bytes(0xC1, 0x00, 0x80)), encodedValue("-32768"));
        assertEquals(hex(bytes(0xC2, 0x00, 0x80, 0x00, 0x00)), encodedValue("32768"));
        assertEquals(hex(bytes(0xC2, 0xFF, 0xFF, 0xFF, 0x7F)), encodedValue("2147483647"));
        assertEquals(hex(bytes(0xC2, 0x00, 0x00, 0x00, 0x80)), encodedValue("-2147483648"));

        for (final String raw : new String[]{ "2147483648", "-2147483649", "-0", "007", "+1", " 1", "1 ", "-", "",
            "12a", "99999999999" })
        {
            assertEquals(hex(concat(bytes(raw.length()), ascii(raw))), encodedValue(raw), raw);
        }
    }

    @Test
    void shouldUseRedisLengthEncodings() throws IOException
    {
        assertEquals(hex(bytes(63)), lengthPrefix(63, 1));
        assertEquals(hex(bytes(0x40, 64)), lengthPrefix(64, 2));
        assertEquals(hex(bytes(0x7F, 0xFF)), lengthPrefix(16383, 2));
        assertEquals(hex(bytes(0x80, 0, 0, 0x40, 0)), lengthPrefix(16384, 5));
    }

    @Test
    void shouldRejectCallsOutOfOrder() throws IOException
    {
        assertThrows(IllegalStateException.class, () -> writer.selectDb(0, 0, 0));
        assertThrows(IllegalStateException.class, writer::finish);

        writer.writeHeader(null, 0);
        assertThrows(IllegalStateException.class, () -> writer.writeHeader(null, 0));
        assertThrows(IllegalArgumentException.class, () -> writer.writeString(ascii("k"), ascii("v"), -2));
        writer.finish();

        assertThrows(IllegalStateException.class, () -> writer.writeString(ascii("k"), ascii("v"), -1));
        assertThrows(IllegalStateException.class, writer::finish);
    }

    @Test
    void shouldRejectReplicationIdsRedisWouldIgnore()
    {
        assertThrows(IllegalArgumentException.class, () -> writer.writeHeader("abc", 0));
    }

    private String encodedValue(final String value) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final RdbWriter writer = new RdbWriter(out);
        writer.writeHeader(null, 0);
        final int start = (int)writer.bytesWritten() + 3;
        writer.writeString(ascii("k"), ascii(value), RdbFormat.NO_EXPIRY);
        final int end = (int)writer.bytesWritten();
        writer.finish();

        return hex(Arrays.copyOfRange(out.toByteArray(), start, end));
    }

    private String lengthPrefix(final int length, final int prefixLength) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final RdbWriter writer = new RdbWriter(out);
        writer.writeHeader(null, 0);
        final int start = (int)writer.bytesWritten() + 3;
        final byte[] value = new byte[length];
        Arrays.fill(value, (byte)'x');
        writer.writeString(ascii("k"), value, RdbFormat.NO_EXPIRY);
        writer.finish();

        return hex(Arrays.copyOfRange(out.toByteArray(), start, start + prefixLength));
    }

    static byte[] aux(final String key, final byte[]... value)
    {
        return concat(bytes(0xFA, key.length()), ascii(key), concat(value));
    }

    static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] bytesOf(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }

    private static byte[] bytes(final int... values)
    {
        return bytesOf(values);
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static String hex(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes)
        {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }

    static long longLE(final byte[] bytes, final int offset)
    {
        long value = 0;
        for (int i = 7; i >= 0; i--)
        {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}

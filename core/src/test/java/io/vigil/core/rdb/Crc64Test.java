package io.vigil.core.rdb;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Crc64Test
{
    // DUMP of a 67 byte string from Redis 7.0.15: type, LZF string, RDB version 10, then CRC-64 little endian.
    static final byte[] REDIS_DUMP = hex(
        "00c3114043086162636465666768" + "61e02e07" + "0278797a" + "0a00" + "d0e95c8f47a855a1");

    @Test
    void shouldProduceTheCheckValueOfCrc64Jones()
    {
        final byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

        assertEquals(0xe9c6d914c4b8d9caL, Crc64.crc64(check));
    }

    @Test
    void shouldBuildTheSameTableAsRedisCrc64c()
    {
        assertEquals(0x0000000000000000L, Crc64.tableEntry(0));
        assertEquals(0x7ad870c830358979L, Crc64.tableEntry(1));
        assertEquals(0xf5b0e190606b12f2L, Crc64.tableEntry(2));
        assertEquals(0x95ac9329ac4bc9b5L, Crc64.tableEntry(128));
        assertEquals(0x29b7d047efec8728L, Crc64.tableEntry(255));
    }

    @Test
    void shouldMatchTheChecksumRedisAppendsToDumpPayloads()
    {
        final int body = REDIS_DUMP.length - 8;
        long stored = 0;
        for (int i = 7; i >= 0; i--)
        {
            stored = (stored << 8) | (REDIS_DUMP[body + i] & 0xFF);
        }

        assertEquals(stored, Crc64.update(0, REDIS_DUMP, 0, body));
    }

    @Test
    void shouldGiveTheSameResultIncrementallyAndAtAnyAlignment()
    {
        final Random random = new Random(42);
        final byte[] data = new byte[1000];
        random.nextBytes(data);

        for (int offset = 0; offset < 9; offset++)
        {
            for (int length = 0; length < 40; length++)
            {
                assertEquals(bytewise(data, offset, length), Crc64.update(0, data, offset, length));
            }
        }

        final long whole = Crc64.update(0, data, 0, data.length);
        for (int split = 0; split <= data.length; split += 37)
        {
            final long first = Crc64.update(0, data, 0, split);
            assertEquals(whole, Crc64.update(first, data, split, data.length - split));
        }
        assertEquals(bytewise(data, 0, data.length), whole);
    }

    @Test
    void shouldGiveTheSameResultForDirectBuffers()
    {
        final byte[] data = new byte[333];
        new Random(7).nextBytes(data);
        final UnsafeBuffer buffer = new UnsafeBuffer(data);

        for (int offset = 0; offset < 9; offset++)
        {
            final int length = data.length - offset - 5;
            assertEquals(Crc64.update(3, data, offset, length), Crc64.update(3, buffer, offset, length));
        }
    }

    @Test
    void shouldRejectRangesOutsideTheArray()
    {
        assertThrows(IndexOutOfBoundsException.class, () -> Crc64.update(0, new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Crc64.update(0, new byte[4], -1, 1));
    }

    // crc64.c crc64(): one table lookup per byte.
    private static long bytewise(final byte[] data, final int offset, final int length)
    {
        long crc = 0;
        for (int i = offset; i < offset + length; i++)
        {
            crc = Crc64.tableEntry((int)(crc ^ data[i]) & 0xFF) ^ (crc >>> 8);
        }
        return crc;
    }

    static byte[] hex(final String hex)
    {
        final byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}

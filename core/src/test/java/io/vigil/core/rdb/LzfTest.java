package io.vigil.core.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LzfTest
{
    @Test
    void shouldDecompressAStringRedisCompressed()
    {
        // The LZF body inside Crc64Test.REDIS_DUMP: clen 0x11, length 0x43, then 17 compressed bytes.
        final byte[] compressed = Arrays.copyOfRange(Crc64Test.REDIS_DUMP, 5, 5 + 17);
        final byte[] expected = ("abcdefgh".repeat(8) + "xyz").getBytes(StandardCharsets.US_ASCII);
        final byte[] out = new byte[67];

        assertEquals(67, Lzf.decompress(compressed, 0, compressed.length, out, 0, out.length));
        assertArrayEquals(expected, out);
    }

    @Test
    void shouldCopyOverlappingBackReferencesByteByByte()
    {
        // literal "abc", then 9 bytes (7 + extra 0 + 2) from distance 3
        final byte[] compressed = Crc64Test.hex("02616263e00002");
        final byte[] out = new byte[14];

        assertEquals(12, Lzf.decompress(compressed, 0, compressed.length, out, 1, 13));
        assertArrayEquals("abcabcabcabc".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(out, 1, 13));
    }

    @Test
    void shouldReportOutputThatDoesNotFit()
    {
        final byte[] compressed = Crc64Test.hex("02616263e00002");

        assertEquals(Lzf.CORRUPT, Lzf.decompress(compressed, 0, compressed.length, new byte[11], 0, 11));
        assertEquals(Lzf.CORRUPT, Lzf.decompress(compressed, 0, compressed.length, new byte[2], 0, 2));
    }

    @Test
    void shouldReportBackReferencesBeforeTheStartOfOutput()
    {
        final byte[] compressed = Crc64Test.hex("0061" + "2005");

        assertEquals(Lzf.CORRUPT, Lzf.decompress(compressed, 0, compressed.length, new byte[64], 0, 64));
    }

    @Test
    void shouldReportTruncatedInput()
    {
        final byte[] literalCut = Crc64Test.hex("05616263");
        final byte[] referenceCut = Crc64Test.hex("02616263e0");

        assertEquals(Lzf.CORRUPT, Lzf.decompress(literalCut, 0, literalCut.length, new byte[64], 0, 64));
        assertEquals(Lzf.CORRUPT, Lzf.decompress(referenceCut, 0, referenceCut.length, new byte[64], 0, 64));
        assertEquals(Lzf.CORRUPT, Lzf.decompress(new byte[1], 0, 0, new byte[64], 0, 64));
    }
}

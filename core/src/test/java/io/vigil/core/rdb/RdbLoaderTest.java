package io.vigil.core.rdb;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.vigil.core.rdb.RdbWriterTest.ascii;
import static io.vigil.core.rdb.RdbWriterTest.aux;
import static io.vigil.core.rdb.RdbWriterTest.bytesOf;
import static io.vigil.core.rdb.RdbWriterTest.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RdbLoaderTest
{
    private static final String REPL_ID = "8371b4fb1155b71f4a04d3e1bc3e18c4a990aeeb";

    @Test
    void shouldLoadBackExactlyWhatWasWritten() throws IOException
    {
        final List<Entry> entries = sampleEntries();
        final byte[] rdb = write(entries, 64 * 1024);

        final Recorder recorder = new Recorder();
        final RdbInfo info = new RdbLoader(new ByteArrayInputStream(rdb)).load(recorder);

        assertEntries(entries, recorder.entries);
        assertEquals(entries.size(), info.keyCount());
        assertEquals(rdb.length, info.length());
        assertEquals(RdbFormat.VERSION_WRITTEN, info.version());
        assertTrue(info.checksumVerified());
        assertEquals(List.of(0), recorder.dbs);
        assertEquals(List.of((long)entries.size(), entries.stream().filter(e -> e.expireAtMs >= 0).count()),
            recorder.resize);
    }

    @Test
    void shouldLoadBackAuxFieldsIncludingReplicationIdAndOffset() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final RdbWriter writer = new RdbWriter(out);
        writer.writeHeader("7.0.15", 1_700_000_000L, 123_456_789_012L, 2, REPL_ID, 9_876_543_210L);
        writer.writeAux("vigil-node", "n1");
        writer.finish();

        final Recorder recorder = new Recorder();
        final RdbInfo info = new RdbLoader(new ByteArrayInputStream(out.toByteArray())).load(recorder);

        assertEquals(REPL_ID, info.replId());
        assertEquals(9_876_543_210L, info.replOffset());
        assertEquals(2, info.replStreamDb());
        assertEquals("7.0.15", info.aux("redis-ver"));
        assertEquals("64", info.aux("redis-bits"));
        assertEquals("1700000000", info.aux("ctime"));
        assertEquals("123456789012", info.aux("used-mem"));
        assertEquals("0", info.aux("aof-base"));
        assertEquals("n1", info.aux("vigil-node"));
        assertEquals(info.aux().size(), recorder.aux.size());
    }

    @Test
    void shouldReportEachDatabaseBeforeItsKeys() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final RdbWriter writer = new RdbWriter(out);
        writer.writeHeader(null, 0);
        writer.selectDb(0, 1, 0);
        writer.writeString(ascii("a"), ascii("1"), RdbFormat.NO_EXPIRY);
        writer.selectDb(15, 2, 1);
        writer.writeString(ascii("a"), ascii("2"), 1L);
        writer.writeString(ascii("b"), ascii("3"), RdbFormat.NO_EXPIRY);
        writer.finish();

        final List<String> events = new ArrayList<>();
        new RdbLoader(new ByteArrayInputStream(out.toByteArray())).load(new RdbVisitor()
        {
            public void onSelectDb(final int db)
            {
                events.add("db " + db);
            }

            public void onResizeDb(final long size, final long expires)
            {
                events.add("resize " + size + " " + expires);
            }

            public void onString(final byte[] key, final byte[] value, final long expireAtMs)
            {
                events.add(new String(key, StandardCharsets.US_ASCII) + "=" +
                    new String(value, StandardCharsets.US_ASCII) + " @" + expireAtMs);
            }
        });

        assertEquals(List.of("db 0", "resize 1 0", "a=1 @-1", "db 15", "resize 2 1", "a=2 @1", "b=3 @-1"), events);
    }

    @Test
    void shouldLoadAcrossBufferBoundariesAndShortReads() throws IOException
    {
        final List<Entry> entries = sampleEntries();
        final byte[] rdb = write(entries, 64);

        final Recorder recorder = new Recorder();
        new RdbLoader(new TricklingInputStream(new ByteArrayInputStream(rdb), 7), 64, 1 << 20).load(recorder);

        assertEntries(entries, recorder.entries);
    }

    @Test
    void shouldFailTheChecksumWhenAByteOfAValueIsFlipped() throws IOException
    {
        final byte[] rdb = write(List.of(new Entry(ascii("key"), ascii("value-with-some-length"), -1)), 1024);
        final int index = indexOf(rdb, ascii("some"));
        rdb[index] ^= 0x01;

        final RdbFormatException ex = assertThrows(RdbFormatException.class,
            () -> new RdbLoader(new ByteArrayInputStream(rdb)).load(new Recorder()));
        assertTrue(ex.getMessage().contains("checksum mismatch"), ex.getMessage());
    }

    @Test
    void shouldAcceptAZeroChecksumAsChecksumsDisabled() throws IOException
    {
        final byte[] rdb = write(List.of(new Entry(ascii("key"), ascii("value"), -1)), 1024);
        Arrays.fill(rdb, rdb.length - 8, rdb.length, (byte)0);

        final RdbInfo info = new RdbLoader(new ByteArrayInputStream(rdb)).load(new Recorder());

        assertFalse(info.checksumVerified());
        assertEquals(1, info.keyCount());
    }

    @Test
    void shouldFailClearlyOnEveryTruncation() throws IOException
    {
        final byte[] rdb = write(smallEntries(), 1024);

        for (int length = 0; length < rdb.length; length++)
        {
            final byte[] cut = Arrays.copyOf(rdb, length);
            final RdbFormatException ex = assertThrows(RdbFormatException.class,
                () -> new RdbLoader(new ByteArrayInputStream(cut)).load(new Recorder()), "length " + length);
            assertTrue(ex.getMessage().startsWith("truncated RDB: stream ended at offset " + length),
                ex.getMessage());
        }
    }

    @Test
    void shouldFailClearlyWhenALargeValueIsTruncated() throws IOException
    {
        final byte[] big = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(big);
        final byte[] rdb = write(List.of(new Entry(ascii("big"), big, -1)), 64 * 1024);

        final byte[] cut = Arrays.copyOf(rdb, rdb.length / 2);
        final RdbFormatException ex = assertThrows(RdbFormatException.class,
            () -> new RdbLoader(new ByteArrayInputStream(cut)).load(new Recorder()));
        assertEquals("truncated RDB: stream ended at offset " + cut.length + " while reading value", ex.getMessage());
    }

    @Test
    void shouldRejectEveryCorruptionOfASingleByte() throws IOException
    {
        final byte[] rdb = write(smallEntries(), 1024);

        assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () ->
        {
            for (int i = 0; i < rdb.length; i++)
            {
                for (final int mask : new int[]{ 0x01, 0x80, 0xFF, 0x3F })
                {
                    final byte[] corrupt = rdb.clone();
                    corrupt[i] ^= (byte)mask;
                    assertThrows(RdbFormatException.class,
                        () -> new RdbLoader(new ByteArrayInputStream(corrupt), 256, 1 << 20).load(new Recorder()),
                        "byte " + i + " mask " + mask);
                }
            }
        });
    }

    @Test
    void shouldRejectLengthsAboveTheLimitWithoutAllocatingThem()
    {
        final byte[] huge64 = withChecksum(concat(ascii("REDIS0010"),
            bytesOf(0, 0x81, 0x3F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), ascii("k"), bytesOf(0xFF)));
        final RdbFormatException tooLong = assertThrows(RdbFormatException.class,
            () -> new RdbLoader(new ByteArrayInputStream(huge64)).load(new Recorder()));
        assertEquals("key length 4611686018427387903 exceeds limit of 536870912 (at offset 10)", tooLong.getMessage());

        final byte[] claims400Mb = concat(ascii("REDIS0010"), bytesOf(0, 1), ascii("k"),
            bytesOf(0x80, 0x18, 0x00, 0x00, 0x00), ascii("only a few bytes"));
        final RdbFormatException truncated = assertThrows(RdbFormatException.class,
            () -> new RdbLoader(new ByteArrayInputStream(claims400Mb)).load(new Recorder()));
        assertTrue(truncated.getMessage().startsWith("truncated RDB"), truncated.getMessage());
    }

    @Test
    void shouldRejectLzfLengthsThatCannotComeFromTheCompressedBytes()
    {
        final byte[] rdb = withChecksum(concat(ascii("REDIS0010"), bytesOf(0, 1), ascii("k"),
            bytesOf(0xC3, 2, 0x80, 0x10, 0, 0, 0, 0x00, 0x61, 0xFF)));

        final RdbFormatException ex = assertThrows(RdbFormatException.class,
            () -> new RdbLoader(new ByteArrayInputStream(rdb)).load(new Recorder()));
        assertEquals("LZF value claims 268435456 bytes from only 2 compressed bytes (at offset 12)", ex.getMessage());
    }

    @Test
    void shouldDecodeIntegerAndLzfEncodedStrings() throws IOException
    {
        final byte[] lzfValue = Arrays.copyOfRange(Crc64Test.REDIS_DUMP, 1, Crc64Test.REDIS_DUMP.length - 10);
        final byte[] rdb = withChecksum(concat(ascii("REDIS0010"),
            bytesOf(0, 0xC0, 0xF9, 0xC0, 0x7B),
            bytesOf(0, 0xC1, 0x39, 0x30, 0xC1, 0xC7, 0xCF),
            bytesOf(0, 0xC2, 0xD2, 0x02, 0x96, 0x49, 0xC2, 0x00, 0x00, 0x00, 0x80),
            bytesOf(0, 3), ascii("lzf"), lzfValue,
            bytesOf(0xFF)));

        final Recorder recorder = new Recorder();
        new RdbLoader(new ByteArrayInputStream(rdb)).load(recorder);

        assertEquals(List.of("-7=123", "12345=-12345", "1234567890=-2147483648",
            "lzf=" + "abcdefgh".repeat(8) + "xyz"), recorder.asText());
    }

    @Test
    void shouldSkipIdleAndFreqAndReadExpiryInSecondsOrMilliseconds() throws IOException
    {
        final byte[] rdb = withChecksum(concat(ascii("REDIS0009"),
            bytesOf(0xFE, 0x01, 0xFB, 0x03, 0x02),
            bytesOf(0xFD, 0x00, 0xF1, 0x53, 0x65, 0xF8, 0x40, 0x80, 0xF9, 0x05, 0, 1), ascii("a"), bytesOf(1),
            ascii("1"),
            bytesOf(0xFC, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x00, 0, 1), ascii("b"), bytesOf(0xC0, 2),
            bytesOf(0, 1), ascii("c"), bytesOf(0),
            bytesOf(0xFF)));

        final Recorder recorder = new Recorder();
        final RdbInfo info = new RdbLoader(new ByteArrayInputStream(rdb)).load(recorder);

        assertEquals(9, info.version());
        assertEquals(List.of(1), recorder.dbs);
        assertEquals(List.of(3L, 2L), recorder.resize);
        assertEquals(List.of("a=1", "b=2", "c="), recorder.asText());
        assertEquals(1_700_000_000_000L, recorder.entries.get(0).expireAtMs);
        assertEquals(0x0007060504030201L, recorder.entries.get(1).expireAtMs);
        assertEquals(RdbFormat.NO_EXPIRY, recorder.entries.get(2).expireAtMs);
    }

    @Test
    void shouldLoadVersionsWithoutAChecksum() throws IOException
    {
        final byte[] rdb = concat(ascii("REDIS0004"), bytesOf(0xFE, 0, 0, 1), ascii("k"), bytesOf(1), ascii("v"),
            bytesOf(0xFF));
        final Recorder recorder = new Recorder();

        final RdbInfo info = new RdbLoader(new ByteArrayInputStream(rdb)).load(recorder);

        assertEquals(List.of("k=v"), recorder.asText());
        assertEquals(rdb.length, info.length());
        assertFalse(info.checksumVerified());
    }

    @Test
    void shouldRejectUnknownMagicAndUnsupportedVersions()
    {
        assertEquals("not an RDB stream: it does not start with \"REDIS\" (at offset 0)",
            loadError(concat(ascii("RADIS0010"), bytesOf(0xFF))));
        assertEquals("unsupported RDB version 12: versions 1 to 11 can be loaded (at offset 5)",
            loadError(concat(ascii("REDIS0012"), bytesOf(0xFF))));
        assertEquals("unsupported RDB version 0: versions 1 to 11 can be loaded (at offset 5)",
            loadError(concat(ascii("REDIS0000"), bytesOf(0xFF))));
        assertEquals("RDB version is not 4 decimal digits (at offset 5)",
            loadError(concat(ascii("REDIS 010"), bytesOf(0xFF))));
    }

    @Test
    void shouldNameUnsupportedValueTypes()
    {
        assertEquals("unsupported RDB value type 16 (hash-listpack): only strings (type 0) are supported" +
            " (at offset 9)", loadError(withChecksum(concat(ascii("REDIS0010"), bytesOf(16, 1), ascii("h")))));
        assertEquals("unsupported RDB value type 18 (list-quicklist-2): only strings (type 0) are supported" +
            " (at offset 9)", loadError(withChecksum(concat(ascii("REDIS0010"), bytesOf(18)))));
        assertEquals("unsupported RDB value type 247 (opcode module-aux): only strings (type 0) are supported" +
            " (at offset 9)", loadError(withChecksum(concat(ascii("REDIS0010"), bytesOf(247)))));
        assertEquals("unsupported RDB value type 245 (opcode function2 (function library)): only strings" +
            " (type 0) are supported (at offset 9)", loadError(withChecksum(concat(ascii("REDIS0010"),
            bytesOf(245)))));
        assertEquals("unsupported RDB value type 100 (unknown): only strings (type 0) are supported" +
            " (at offset 9)", loadError(withChecksum(concat(ascii("REDIS0010"), bytesOf(100)))));
    }

    @Test
    void shouldLeaveWhatFollowsTheRdbToBeReadFromRemainingInput() throws IOException
    {
        final byte[] rdb = write(sampleEntries(), 1024);
        final byte[] tail = ascii("*1\r\n$4\r\nPING\r\n");
        final RdbLoader loader = new RdbLoader(new ByteArrayInputStream(concat(rdb, tail)));

        final RdbInfo info = loader.load(new Recorder());

        assertEquals(rdb.length, info.length());
        assertArrayEquals(tail, loader.remainingInput().readAllBytes());
    }

    private static String loadError(final byte[] rdb)
    {
        return assertThrows(RdbFormatException.class,
            () -> new RdbLoader(new ByteArrayInputStream(rdb)).load(new Recorder())).getMessage();
    }

    static List<Entry> sampleEntries()
    {
        final List<Entry> entries = new ArrayList<>();
        final byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            allBytes[i] = (byte)i;
        }
        final byte[] large = new byte[200 * 1024];
        new Random(99).nextBytes(large);
        final long inOneHour = System.currentTimeMillis() + 3_600_000L;

        entries.add(new Entry(ascii("plain"), ascii("hello"), -1));
        entries.add(new Entry(allBytes, allBytes, inOneHour));
        entries.add(new Entry(ascii("empty"), new byte[0], -1));
        entries.add(new Entry(new byte[0], ascii("empty key"), -1));
        entries.add(new Entry(ascii("large"), large, inOneHour + 1));
        entries.add(new Entry(ascii("utf8"), "caf\u00e9 \u2603".getBytes(StandardCharsets.UTF_8), 0));
        final String[] numbers = { "0", "-1", "127", "128", "-129", "32767", "32768", "2147483647", "2147483648",
            "-2147483648", "-2147483649", "007", "-0", "+5", "1e3", "9223372036854775807" };
        for (final String number : numbers)
        {
            entries.add(new Entry(ascii(number), ascii(number), -1));
        }
        final Random random = new Random(5);
        for (int i = 0; i < 500; i++)
        {
            final byte[] value = new byte[random.nextInt(20_000)];
            random.nextBytes(value);
            entries.add(new Entry(ascii("key:" + i), value, i % 3 == 0 ? inOneHour + i : -1));
        }
        return entries;
    }

    static List<Entry> smallEntries()
    {
        final List<Entry> small = new ArrayList<>();
        for (final Entry e : sampleEntries())
        {
            if (e.value.length <= 256 && small.size() < 24)
            {
                small.add(e);
            }
        }
        return small;
    }

    static byte[] write(final List<Entry> entries, final int bufferSize) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final RdbWriter writer = new RdbWriter(out, bufferSize);
        writer.writeHeader(REPL_ID, 42);
        writer.selectDb(0, entries.size(), entries.stream().filter(e -> e.expireAtMs >= 0).count());
        for (final Entry e : entries)
        {
            writer.writeString(e.key, e.value, e.expireAtMs);
        }
        final long length = writer.finish();
        assertEquals(out.size(), length);
        return out.toByteArray();
    }

    static void assertEntries(final List<Entry> expected, final List<Entry> actual)
    {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i).key, actual.get(i).key, "key " + i);
            assertArrayEquals(expected.get(i).value, actual.get(i).value, "value " + i);
            assertEquals(expected.get(i).expireAtMs, actual.get(i).expireAtMs, "expiry " + i);
        }
    }

    static byte[] withChecksum(final byte[] body)
    {
        final long crc = Crc64.update(0, body, 0, body.length);
        final byte[] rdb = Arrays.copyOf(body, body.length + 8);
        for (int i = 0; i < 8; i++)
        {
            rdb[body.length + i] = (byte)(crc >>> (8 * i));
        }
        return rdb;
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    static final class Entry
    {
        final byte[] key;
        final byte[] value;
        final long expireAtMs;

        Entry(final byte[] key, final byte[] value, final long expireAtMs)
        {
            this.key = key;
            this.value = value;
            this.expireAtMs = expireAtMs;
        }
    }

    static final class Recorder implements RdbVisitor
    {
        final List<Entry> entries = new ArrayList<>();
        final List<String> aux = new ArrayList<>();
        final List<Integer> dbs = new ArrayList<>();
        final List<Long> resize = new ArrayList<>();

        public void onAux(final byte[] key, final byte[] value)
        {
            aux.add(new String(key, StandardCharsets.ISO_8859_1) + "=" +
                new String(value, StandardCharsets.ISO_8859_1));
        }

        public void onSelectDb(final int db)
        {
            dbs.add(db);
        }

        public void onResizeDb(final long size, final long expires)
        {
            resize.add(size);
            resize.add(expires);
        }

        public void onString(final byte[] key, final byte[] value, final long expireAtMs)
        {
            entries.add(new Entry(key, value, expireAtMs));
        }

        List<String> asText()
        {
            final List<String> text = new ArrayList<>();
            for (final Entry e : entries)
            {
                text.add(new String(e.key, StandardCharsets.UTF_8) + "=" + new String(e.value, StandardCharsets.UTF_8));
            }
            return text;
        }
    }

    /**
     * Returns at most a few bytes per read, as a socket may.
     */
    static final class TricklingInputStream extends FilterInputStream
    {
        private final int maxChunk;
        private int next;

        TricklingInputStream(final InputStream in, final int maxChunk)
        {
            super(in);
            this.maxChunk = maxChunk;
        }

        public int read(final byte[] b, final int off, final int len) throws IOException
        {
            next = next % maxChunk + 1;
            return super.read(b, off, Math.min(len, next));
        }
    }
}

package io.vigil.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.vigil.core.CommandFixture.asSet;
import static io.vigil.core.CommandFixture.assertBulk;
import static io.vigil.core.CommandFixture.b;
import static io.vigil.core.CommandFixture.err;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyCommandsTest
{
    private final CommandFixture f = new CommandFixture();

    @AfterEach
    void close()
    {
        f.close();
    }

    @Test
    void shouldCountOnlyKeysThatExistedOnDel()
    {
        f.exec("MSET", "a", "1", "b", "2", "c", "3");
        assertEquals(2L, f.exec("DEL", "a", "b", "missing"));
        assertEquals(1L, f.exec("DEL", "c", "c", "c"));
        assertEquals(0L, f.exec("DEL", "a"));
        assertEquals(0L, f.exec("DBSIZE"));
    }

    @Test
    void shouldDeleteWithUnlinkLikeDel()
    {
        f.exec("MSET", "a", "1", "b", "2");
        assertEquals(2L, f.exec("UNLINK", "a", "b", "missing"));
        assertEquals(0L, f.exec("EXISTS", "a", "b"));
    }

    @Test
    void shouldCountRepeatedKeysInExists()
    {
        f.exec("MSET", "a", "1", "b", "2");
        assertEquals(3L, f.exec("EXISTS", "a", "a", "a"));
        assertEquals(2L, f.exec("EXISTS", "a", "b", "missing"));
        assertEquals(0L, f.exec("EXISTS", "missing"));
    }

    @Test
    void shouldReportStringOrNoneFromType()
    {
        f.exec("SET", "a", "1");
        assertEquals(new StatusReply("string"), f.exec("TYPE", "a"));
        assertEquals(new StatusReply("none"), f.exec("TYPE", "missing"));
    }

    @Test
    void shouldRenameKeepingTheDeadline()
    {
        f.exec("SET", "a", "1", "PXAT", "4102444800555");
        assertEquals(StatusReply.OK, f.exec("RENAME", "a", "b"));
        assertNull(f.exec("GET", "a"));
        assertBulk("1", f.exec("GET", "b"));
        assertEquals(4102444800555L, f.exec("PEXPIRETIME", "b"));
    }

    @Test
    void shouldReplaceTheDestinationAndItsDeadlineOnRename()
    {
        f.exec("SET", "a", "1");
        f.exec("SET", "b", "2", "EX", "100");
        assertEquals(StatusReply.OK, f.exec("RENAME", "a", "b"));
        assertBulk("1", f.exec("GET", "b"));
        assertEquals(-1L, f.exec("TTL", "b"));
        assertEquals(1L, f.exec("DBSIZE"));
    }

    @Test
    void shouldRejectRenameOfMissingKeyEvenOntoItself()
    {
        f.assertRejectedWithoutChange("ERR no such key", "RENAME", "missing", "x");
        f.assertRejectedWithoutChange("ERR no such key", "RENAME", "missing", "missing");
        f.assertRejectedWithoutChange("ERR no such key", "RENAMENX", "missing", "x");
    }

    @Test
    void shouldRenameKeyOntoItselfWithoutChange()
    {
        f.exec("SET", "a", "1", "EX", "100");
        final long offset = f.logOffset();
        assertEquals(StatusReply.OK, f.exec("RENAME", "a", "a"));
        assertEquals(0L, f.exec("RENAMENX", "a", "a"));
        assertEquals(offset, f.logOffset());
        assertEquals(100L, f.exec("TTL", "a"));
    }

    @Test
    void shouldRenameOnlyOntoAMissingKeyWithRenamenx()
    {
        f.exec("MSET", "a", "1", "b", "2");
        assertEquals(0L, f.exec("RENAMENX", "a", "b"));
        assertBulk("2", f.exec("GET", "b"));
        assertEquals(1L, f.exec("RENAMENX", "a", "c"));
        assertBulk("1", f.exec("GET", "c"));
        assertEquals(0L, f.exec("EXISTS", "a"));
    }

    @Test
    void shouldEmptyTheKeyspaceWithFlushallAndFlushdb()
    {
        for (final List<String> flush : List.of(List.of("FLUSHALL"), List.of("FLUSHALL", "SYNC"),
            List.of("FLUSHALL", "async"), List.of("FLUSHDB"), List.of("FLUSHDB", "ASYNC"), List.of("flushdb", "sync")))
        {
            f.exec("MSET", "a", "1", "b", "2");
            assertEquals(StatusReply.OK, f.exec(flush.toArray(new String[0])));
            assertEquals(0L, f.exec("DBSIZE"));
        }
    }

    @Test
    void shouldRejectUnknownFlushOptions()
    {
        f.exec("SET", "a", "1");
        f.assertRejectedWithoutChange("ERR syntax error", "FLUSHALL", "foo");
        f.assertRejectedWithoutChange("ERR syntax error", "FLUSHALL", "SYNC", "ASYNC");
        f.assertRejectedWithoutChange("ERR syntax error", "FLUSHDB", "now");
    }

    @Test
    void shouldReturnNilFromRandomkeyOnlyWhenEmpty()
    {
        assertNull(f.exec("RANDOMKEY"));
        f.exec("MSET", "a", "1", "b", "2", "c", "3");
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++)
        {
            final Object key = f.exec("RANDOMKEY");
            assertInstanceOf(byte[].class, key);
            seen.add(new String((byte[])key));
        }
        assertTrue(Set.of("a", "b", "c").containsAll(seen), seen.toString());
    }

    @Test
    void shouldCountKeysWithDbsize()
    {
        assertEquals(0L, f.exec("DBSIZE"));
        f.exec("MSET", "a", "1", "b", "2");
        assertEquals(2L, f.exec("DBSIZE"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // KEYS.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldMatchKeysHeldInTheEntryAndKeysWithTheirOwnArrayAlike()
    {
        // Keys of up to 16 bytes are matched from the entry's fields, longer ones from their array.
        final String k15 = "k".repeat(14) + "z";
        final String k16 = "k".repeat(15) + "z";
        final String k17 = "k".repeat(16) + "z";
        final String k30 = "k".repeat(29) + "z";
        f.exec("MSET", k15, "1", k16, "2", k17, "3", k30, "4", "", "5");
        assertEquals(Set.of(k15, k16, k17, k30), asSet(f.exec("KEYS", "k*z")));
        assertEquals(Set.of(k16), asSet(f.exec("KEYS", "?".repeat(16))));
        assertEquals(Set.of(k17), asSet(f.exec("KEYS", "?".repeat(16) + "z")));
        assertEquals(Set.of(k15, k16, k17, k30, ""), asSet(f.exec("KEYS", "*")));
        assertEquals(Set.of(), asSet(f.exec("KEYS", "k*y")));
        final Object[] scan = (Object[])f.exec("SCAN", "0", "MATCH", "?".repeat(15) + "*", "COUNT", "1000");
        assertEquals(Set.of(k15, k16, k17, k30), asSet(scan[1]));
    }

    @Test
    void shouldMatchKeysWithGlobPatterns()
    {
        f.exec("MSET", "hello", "1", "hallo", "2", "hxllo", "3", "hllo", "4", "heeeello", "5", "h-llo", "6");
        assertEquals(Set.of("hello", "hallo", "hxllo", "h-llo"), asSet(f.exec("KEYS", "h?llo")));
        assertEquals(Set.of("hello", "hallo", "hxllo", "hllo", "heeeello", "h-llo"), asSet(f.exec("KEYS", "h*llo")));
        assertEquals(Set.of("hello", "hallo"), asSet(f.exec("KEYS", "h[ae]llo")));
        assertEquals(Set.of("hallo", "hxllo", "h-llo"), asSet(f.exec("KEYS", "h[^e]llo")));
        assertEquals(Set.of("hello", "hallo", "hxllo"), asSet(f.exec("KEYS", "h[a-z]llo")));
        assertEquals(Set.of("hello", "hallo", "hxllo"), asSet(f.exec("KEYS", "h[z-a]llo")));
        assertEquals(Set.of("h-llo"), asSet(f.exec("KEYS", "h[\\-]llo")));
        assertEquals(Set.of(), asSet(f.exec("KEYS", "nothing*")));
        assertEquals(6, asSet(f.exec("KEYS", "*")).size());
    }

    @Test
    void shouldMatchEscapedWildcardsLiterally()
    {
        f.exec("MSET", "a*b", "1", "a?b", "2", "a[b", "3", "axb", "4", "a\\b", "5");
        assertEquals(Set.of("a*b"), asSet(f.exec("KEYS", "a\\*b")));
        assertEquals(Set.of("a?b"), asSet(f.exec("KEYS", "a\\?b")));
        assertEquals(Set.of("a[b"), asSet(f.exec("KEYS", "a\\[b")));
        assertEquals(Set.of("a\\b"), asSet(f.exec("KEYS", "a\\\\b")));
        assertEquals(Set.of("axb"), asSet(f.exec("KEYS", "a\\xb")));
        assertEquals(Set.of("a*b", "a?b", "a[b", "axb", "a\\b"), asSet(f.exec("KEYS", "a?b")));
    }

    @Test
    void shouldMatchTheEmptyKeyWithSingleStarOrEmptyPatternButNotWithDoubleStar()
    {
        // stringmatchlen never enters its loop for an empty string, so only an empty pattern matches it; KEYS
        // special-cases a lone '*'.
        f.exec("SET", "", "v");
        f.exec("SET", "x", "v");
        assertEquals(Set.of("", "x"), asSet(f.exec("KEYS", "*")));
        assertEquals(Set.of("x"), asSet(f.exec("KEYS", "**")));
        assertEquals(Set.of(""), asSet(f.exec("KEYS", "")));
        assertEquals(Set.of("x"), asSet(f.exec("KEYS", "?")));
    }

    @Test
    void shouldCompareBinaryKeysAsSignedCharsInRanges()
    {
        f.exec(b("SET"), b("b"), b("1"));
        f.exec(b("SET"), new byte[]{ (byte)0xff }, b("2"));
        // Redis compares signed chars: [a-\xff] is [\xff-a], which holds \xff but not 'b'.
        final Object reply = f.exec(b("KEYS"), new byte[]{ '[', 'a', '-', (byte)0xff, ']' });
        assertEquals(1, ((Object[])reply).length);
        assertBulk(new byte[]{ (byte)0xff }, ((Object[])reply)[0]);
    }

    @Test
    void shouldMatchAbusivePatternsQuickly()
    {
        f.exec("SET", "a".repeat(200), "1");
        // Without util.c's skipLongerMatches this takes exponential time.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        {
            assertEquals(Set.of(), asSet(f.exec("KEYS", "*a".repeat(40) + "*b")));
            assertEquals(1, asSet(f.exec("KEYS", "*a".repeat(40))).size());
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Unknown commands and arity.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldRejectUnknownCommandQuotingItsArguments()
    {
        f.assertRejectedWithoutChange(
            "ERR unknown command 'FOO', with args beginning with: 'a' 'b c' ", "FOO", "a", "b c");
        f.assertRejectedWithoutChange("ERR unknown command 'foo', with args beginning with: ", "foo");
        f.assertRejectedWithoutChange("ERR unknown command 'X', with args beginning with: 'a  b' ", "X", "a\r\nb");
    }

    @Test
    void shouldCutUnknownCommandArgumentsAtNulAndAt128Bytes()
    {
        f.assertRejectedWithoutChange(
            "ERR unknown command 'FOO', with args beginning with: 'a' 'c' ", b("FOO"), b("a\0b"), b("c"));
        final String arg = "0123456789".repeat(7);
        final ErrorReply reply = f.assertRejectedWithoutChange(
            "ERR unknown command 'FOO', with args beginning with: '" + arg + "' '" + arg.substring(0, 55) + "' ",
            "FOO", arg, arg, "tail");
        assertTrue(reply.message().endsWith("' "));
        final String longName = "F" + "o".repeat(200);
        f.assertRejectedWithoutChange(
            "ERR unknown command '" + longName.substring(0, 128) + "', with args beginning with: ", longName);
    }

    @Test
    void shouldRejectWrongArityOfKeyCommands()
    {
        for (final List<String> command : List.of(
            List.of("DEL"), List.of("UNLINK"), List.of("EXISTS"), List.of("TYPE"), List.of("TYPE", "a", "b"),
            List.of("EXPIRE", "k"), List.of("PEXPIRE", "k"), List.of("EXPIREAT", "k"), List.of("PEXPIREAT", "k"),
            List.of("TTL"), List.of("PTTL", "a", "b"), List.of("EXPIRETIME"), List.of("PEXPIRETIME"),
            List.of("PERSIST"), List.of("RENAME", "a"), List.of("RENAMENX", "a", "b", "c"), List.of("DBSIZE", "x"),
            List.of("KEYS"), List.of("KEYS", "a", "b"), List.of("SCAN"), List.of("RANDOMKEY", "x")))
        {
            f.assertRejectedWithoutChange(
                "ERR wrong number of arguments for '" + command.get(0).toLowerCase() + "' command",
                command.toArray(new String[0]));
        }
    }

    @Test
    void shouldReportUnknownCommandBeforeArity()
    {
        assertEquals(err("ERR unknown command 'GETT', with args beginning with: "), f.exec("GETT"));
    }
}

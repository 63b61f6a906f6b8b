package io.vigil.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.vigil.core.CommandFixture.asSet;
import static io.vigil.core.CommandFixture.assertArray;
import static io.vigil.core.CommandFixture.assertBulk;
import static io.vigil.core.CommandFixture.err;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ExpiryCommandsTest
{
    private static final String NX_INCOMPATIBLE = "ERR NX and XX, GT or LT options at the same time are not compatible";
    private static final String GT_LT_INCOMPATIBLE = "ERR GT and LT options at the same time are not compatible";

    private final CommandFixture f = new CommandFixture();

    @AfterEach
    void close()
    {
        f.close();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Visibility of keys past their deadline.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldKeepKeyVisibleDuringItsDeadlineMillisecond()
    {
        f.exec("SET", "k", "v", "PX", "100");
        f.advance(100);
        assertBulk("v", f.exec("GET", "k"));
        assertEquals(0L, f.exec("PTTL", "k"));
        f.advance(1);
        assertNull(f.exec("GET", "k"));
    }

    @Test
    void shouldHideAKeyPastItsDeadlineFromEveryReadButCountItInDbsize()
    {
        f.exec("SET", "k", "v", "PX", "100");
        f.exec("SET", "keep", "v");
        f.advance(101);
        assertNull(f.exec("GET", "k"));
        assertEquals(0L, f.exec("EXISTS", "k"));
        assertEquals(-2L, f.exec("TTL", "k"));
        assertEquals(-2L, f.exec("PTTL", "k"));
        assertEquals(-2L, f.exec("EXPIRETIME", "k"));
        assertEquals(-2L, f.exec("PEXPIRETIME", "k"));
        assertEquals(new StatusReply("none"), f.exec("TYPE", "k"));
        assertEquals(0L, f.exec("STRLEN", "k"));
        assertBulk("", f.exec("GETRANGE", "k", "0", "-1"));
        assertArray(f.exec("MGET", "k", "keep"), null, "v");
        assertEquals(Set.of("keep"), asSet(f.exec("KEYS", "*")));
        assertEquals(Set.of("keep"), asSet(((Object[])f.exec("SCAN", "0", "COUNT", "100"))[1]));
        assertBulk("keep", f.exec("RANDOMKEY"));
        // Reads never delete: the key is counted until a write or the expiry cycle removes it.
        assertEquals(2L, f.exec("DBSIZE"));
        assertEquals(2L, f.store.keyspace().size());
    }

    @Test
    void shouldTreatAKeyPastItsDeadlineAsMissingForWrites()
    {
        f.exec("SET", "a", "5", "PX", "10");
        f.exec("SET", "b", "v", "PX", "10");
        f.exec("SET", "c", "v", "PX", "10");
        f.exec("SET", "d", "v", "PX", "10");
        f.advance(11);
        assertEquals(1L, f.exec("INCR", "a"));
        assertEquals(1L, f.exec("SETNX", "b", "new"));
        assertEquals(0L, f.exec("EXPIRE", "c", "100"));
        assertEquals(err("ERR no such key"), f.exec("RENAME", "d", "x"));
        assertEquals(2L, f.exec("DBSIZE"), "a and b were written again; c and d were deleted on access");
    }

    @Test
    void shouldDeleteExpiredKeysInTheExpiryCycleThatRunsWithTheNextWrite()
    {
        f.exec("SET", "a", "1", "PX", "10");
        f.exec("SET", "b", "2", "PX", "10");
        f.advance(500);
        assertEquals(2L, f.exec("DBSIZE"));
        final long offset = f.logOffset();
        f.exec("SET", "other", "3");
        assertEquals(1L, f.exec("DBSIZE"));
        final List<List<String>> writes = f.writesSince(offset);
        assertEquals(List.of("SET", "other", "3"), writes.get(0));
        assertEquals(Set.of(List.of("DEL", "a"), List.of("DEL", "b")), Set.copyOf(writes.subList(1, writes.size())));
    }

    @Test
    void shouldStoreASetWithAPastAbsoluteDeadlineAsAlreadyExpired()
    {
        // The writer's first duty cycle runs the expiry cycle; a second write in the same 100 ms does not.
        f.exec("SET", "first", "v");
        assertEquals(StatusReply.OK, f.exec("SET", "k", "v", "PXAT", Long.toString(f.now() - 1)));
        assertNull(f.exec("GET", "k"));
        assertEquals(2L, f.exec("DBSIZE"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // TTL family.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldReportMinusTwoForMissingAndMinusOneForPersistentKeys()
    {
        f.exec("SET", "p", "v");
        for (final String command : List.of("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"))
        {
            assertEquals(-2L, f.exec(command, "missing"));
            assertEquals(-1L, f.exec(command, "p"));
        }
    }

    @Test
    void shouldRoundTtlToTheNearestSecond()
    {
        f.exec("SET", "a", "v", "PX", "1500");
        f.exec("SET", "b", "v", "PX", "1499");
        assertEquals(2L, f.exec("TTL", "a"));
        assertEquals(1L, f.exec("TTL", "b"));
        f.advance(1000);
        assertEquals(499L, f.exec("PTTL", "b"));
        assertEquals(0L, f.exec("TTL", "b"));
        assertEquals(1L, f.exec("TTL", "a"));
    }

    @Test
    void shouldRoundExpiretimeToTheNearestSecond()
    {
        f.exec("SET", "k", "v", "PXAT", "4102444800499");
        assertEquals(4102444800L, f.exec("EXPIRETIME", "k"));
        f.exec("SET", "k", "v", "PXAT", "4102444800500");
        assertEquals(4102444801L, f.exec("EXPIRETIME", "k"));
    }

    @Test
    void shouldRoundTheLargestDeadlineAsRedisDoes()
    {
        f.exec("SET", "k", "v");
        assertEquals(1L, f.exec("PEXPIREAT", "k", "9223372036854775807"));
        assertEquals(Long.MAX_VALUE, f.exec("PEXPIRETIME", "k"));
        assertEquals(9223372036854776L, f.exec("EXPIRETIME", "k"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // EXPIRE family.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldSetRelativeAndAbsoluteDeadlines()
    {
        f.exec("MSET", "a", "1", "b", "2", "c", "3", "d", "4");
        assertEquals(1L, f.exec("EXPIRE", "a", "100"));
        assertEquals(1L, f.exec("PEXPIRE", "b", "1234"));
        assertEquals(1L, f.exec("EXPIREAT", "c", "4102444800"));
        assertEquals(1L, f.exec("PEXPIREAT", "d", "4102444800123"));
        assertEquals(f.now() + 100_000, f.exec("PEXPIRETIME", "a"));
        assertEquals(1234L, f.exec("PTTL", "b"));
        assertEquals(4102444800000L, f.exec("PEXPIRETIME", "c"));
        assertEquals(4102444800123L, f.exec("PEXPIRETIME", "d"));
    }

    @Test
    void shouldReplyZeroForMissingKey()
    {
        assertEquals(0L, f.exec("EXPIRE", "missing", "100"));
        assertEquals(0L, f.exec("PEXPIREAT", "missing", "4102444800000"));
        assertEquals(0L, f.exec("DBSIZE"));
    }

    @Test
    void shouldDeleteTheKeyWhenExpireIsZeroOrNegativeOrInThePast()
    {
        for (final List<String> command : List.of(
            List.of("EXPIRE", "k", "-1"), List.of("EXPIRE", "k", "0"), List.of("PEXPIRE", "k", "-100"),
            List.of("EXPIREAT", "k", "1"), List.of("PEXPIREAT", "k", Long.toString(CommandFixture.START_MS)),
            List.of("PEXPIREAT", "k", "-9223372036854775808")))
        {
            f.exec("SET", "k", "v");
            assertEquals(1L, f.exec(command.toArray(new String[0])), command.toString());
            assertEquals(0L, f.exec("DBSIZE"), command.toString());
        }
    }

    @Test
    void shouldKeepTheKeyWhenTheDeadlineIsOneMillisecondAhead()
    {
        f.exec("SET", "k", "v");
        assertEquals(1L, f.exec("PEXPIRE", "k", "1"));
        assertEquals(1L, f.exec("PTTL", "k"));
    }

    @Test
    void shouldRejectExpireTimesThatOverflowNamingTheCommand()
    {
        f.exec("SET", "k", "v");
        f.assertRejectedWithoutChange(
            "ERR invalid expire time in 'expire' command", "EXPIRE", "k", "9223372036854775807");
        f.assertRejectedWithoutChange(
            "ERR invalid expire time in 'expire' command", "EXPIRE", "k", "-9223372036854775808");
        f.assertRejectedWithoutChange(
            "ERR invalid expire time in 'expire' command", "EXPIRE", "k", "9223372036854775");
        f.assertRejectedWithoutChange(
            "ERR invalid expire time in 'pexpire' command", "PEXPIRE", "k", "9223372036854775807");
        f.assertRejectedWithoutChange(
            "ERR invalid expire time in 'expireat' command", "EXPIREAT", "k", "9223372036854776");
        f.assertRejectedWithoutChange(
            "ERR invalid expire time in 'expire' command", "EXPIRE", "missing", "9223372036854775807");
        f.assertRejectedWithoutChange("ERR value is not an integer or out of range", "EXPIRE", "k", "1.5");
    }

    @Test
    void shouldApplyNxOnlyWithoutDeadlineAndXxOnlyWithOne()
    {
        f.exec("SET", "k", "v");
        assertEquals(0L, f.exec("EXPIRE", "k", "100", "XX"));
        assertEquals(-1L, f.exec("TTL", "k"));
        assertEquals(1L, f.exec("EXPIRE", "k", "100", "NX"));
        assertEquals(0L, f.exec("EXPIRE", "k", "200", "nx"));
        assertEquals(100L, f.exec("TTL", "k"));
        assertEquals(1L, f.exec("EXPIRE", "k", "300", "xx"));
        assertEquals(300L, f.exec("TTL", "k"));
    }

    @Test
    void shouldTreatNoDeadlineAsInfiniteForGtAndLt()
    {
        f.exec("SET", "k", "v");
        assertEquals(0L, f.exec("EXPIRE", "k", "100", "GT"));
        assertEquals(-1L, f.exec("TTL", "k"));
        assertEquals(1L, f.exec("EXPIRE", "k", "100", "LT"));
        assertEquals(100L, f.exec("TTL", "k"));
    }

    @Test
    void shouldApplyGtOnlyToLaterAndLtOnlyToEarlierDeadlines()
    {
        f.exec("SET", "k", "v", "EX", "100");
        assertEquals(0L, f.exec("EXPIRE", "k", "100", "GT"));
        assertEquals(0L, f.exec("EXPIRE", "k", "100", "LT"));
        assertEquals(0L, f.exec("EXPIRE", "k", "50", "GT"));
        assertEquals(1L, f.exec("EXPIRE", "k", "200", "GT"));
        assertEquals(200L, f.exec("TTL", "k"));
        assertEquals(0L, f.exec("EXPIRE", "k", "300", "LT"));
        assertEquals(1L, f.exec("EXPIRE", "k", "150", "LT"));
        assertEquals(150L, f.exec("TTL", "k"));
        assertEquals(1L, f.exec("EXPIRE", "k", "160", "XX", "GT"));
        assertEquals(1L, f.exec("EXPIRE", "k", "140", "LT", "XX"));
        assertEquals(140L, f.exec("TTL", "k"));
        assertEquals(1L, f.exec("EXPIRE", "k", "-1", "LT"));
        assertEquals(0L, f.exec("EXISTS", "k"));
    }

    @Test
    void shouldRejectIncompatibleExpireOptions()
    {
        f.exec("SET", "k", "v", "EX", "100");
        for (final List<String> options : List.of(
            List.of("NX", "XX"), List.of("XX", "NX"), List.of("NX", "GT"), List.of("LT", "NX"),
            List.of("nx", "gt", "lt")))
        {
            f.assertRejectedWithoutChange(NX_INCOMPATIBLE, command("EXPIRE", "k", "10", options));
        }
        f.assertRejectedWithoutChange(GT_LT_INCOMPATIBLE, "EXPIRE", "k", "10", "GT", "LT");
        f.assertRejectedWithoutChange(GT_LT_INCOMPATIBLE, "PEXPIREAT", "k", "10", "XX", "lt", "gt");
    }

    @Test
    void shouldRejectUnsupportedExpireOptionsBeforeParsingTheTime()
    {
        f.exec("SET", "k", "v");
        f.assertRejectedWithoutChange("ERR Unsupported option FOO", "EXPIRE", "k", "100", "FOO");
        f.assertRejectedWithoutChange("ERR Unsupported option foo", "EXPIRE", "k", "abc", "NX", "foo", "XX");
        f.assertRejectedWithoutChange(NX_INCOMPATIBLE, "EXPIRE", "k", "abc", "NX", "XX");
        f.assertRejectedWithoutChange("ERR Unsupported option a", CommandFixture.b("EXPIRE"), CommandFixture.b("k"),
            CommandFixture.b("1"), CommandFixture.b("a\0b"));
        f.assertRejectedWithoutChange("ERR Unsupported option a  b", "EXPIRE", "k", "1", "a\r\nb");
    }

    @Test
    void shouldRemoveTheDeadlineWithPersist()
    {
        assertEquals(0L, f.exec("PERSIST", "missing"));
        f.exec("SET", "k", "v");
        assertEquals(0L, f.exec("PERSIST", "k"));
        f.exec("EXPIRE", "k", "100");
        assertEquals(1L, f.exec("PERSIST", "k"));
        assertEquals(-1L, f.exec("TTL", "k"));
        assertEquals(0L, f.exec("PERSIST", "k"));
    }

    private static String[] command(final String name, final String key, final String time, final List<String> options)
    {
        final String[] command = new String[3 + options.size()];
        command[0] = name;
        command[1] = key;
        command[2] = time;
        for (int i = 0; i < options.size(); i++)
        {
            command[3 + i] = options.get(i);
        }
        return command;
    }
}

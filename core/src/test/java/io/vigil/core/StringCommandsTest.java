package io.vigil.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.core.CommandFixture.assertArray;
import static io.vigil.core.CommandFixture.assertBulk;
import static io.vigil.core.CommandFixture.b;
import static io.vigil.core.CommandFixture.err;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StringCommandsTest
{
    private static final String SYNTAX = "ERR syntax error";
    private static final String NOT_INTEGER = "ERR value is not an integer or out of range";

    private final CommandFixture f = new CommandFixture();

    @AfterEach
    void close()
    {
        f.close();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // GET, SET.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldSetAndGetBinaryKeysAndValues()
    {
        final byte[] key = { 0, (byte)0xff, '\r', '\n' };
        final byte[] value = { (byte)0xfe, 0, 1, '\n' };
        assertEquals(StatusReply.OK, f.exec(b("SET"), key, value));
        assertBulk(value, f.exec(b("GET"), key));
        assertEquals(4L, f.exec(b("STRLEN"), key));
    }

    @Test
    void shouldReturnNilForMissingKeyAndEmptyBulkForEmptyValue()
    {
        assertNull(f.exec("GET", "missing"));
        f.exec("SET", "empty", "");
        assertBulk("", f.exec("GET", "empty"));
    }

    @Test
    void shouldAcceptCommandNamesAndOptionsInAnyCase()
    {
        assertEquals(StatusReply.OK, f.exec("sEt", "k", "v", "nX", "Ex", "10"));
        assertBulk("v", f.exec("get", "k"));
        assertEquals(10L, f.exec("TtL", "k"));
    }

    @Test
    void shouldClearTheDeadlineWhenSetWithoutKeepttl()
    {
        f.exec("SET", "k", "v", "EX", "100");
        f.exec("SET", "k", "v2");
        assertEquals(-1L, f.exec("TTL", "k"));
    }

    @Test
    void shouldSetOnlyMissingKeyWithNx()
    {
        assertEquals(StatusReply.OK, f.exec("SET", "k", "v", "NX"));
        assertNull(f.exec("SET", "k", "v2", "NX"));
        assertBulk("v", f.exec("GET", "k"));
    }

    @Test
    void shouldSetOnlyExistingKeyWithXx()
    {
        assertNull(f.exec("SET", "k", "v", "XX"));
        assertEquals(0L, f.exec("EXISTS", "k"));
        f.exec("SET", "k", "v");
        assertEquals(StatusReply.OK, f.exec("SET", "k", "v2", "XX"));
        assertBulk("v2", f.exec("GET", "k"));
    }

    @Test
    void shouldRejectSetWithBothNxAndXxInEitherOrder()
    {
        f.assertRejectedWithoutChange(SYNTAX, "SET", "k", "v", "NX", "XX");
        f.assertRejectedWithoutChange(SYNTAX, "SET", "k", "v", "XX", "NX");
    }

    @Test
    void shouldAllowRepeatedNx()
    {
        assertEquals(StatusReply.OK, f.exec("SET", "k", "v", "NX", "NX"));
    }

    @Test
    void shouldReturnOldValueWithGet()
    {
        assertNull(f.exec("SET", "k", "v", "GET"));
        assertBulk("v", f.exec("SET", "k", "v2", "GET"));
        assertBulk("v2", f.exec("GET", "k"));
    }

    @Test
    void shouldReturnOldValueWithoutSettingWhenNxAndGetFindTheKey()
    {
        f.exec("SET", "k", "v");
        assertBulk("v", f.exec("SET", "k", "v2", "NX", "GET"));
        assertBulk("v", f.exec("GET", "k"));
        assertNull(f.exec("SET", "absent", "v", "XX", "GET"));
        assertEquals(0L, f.exec("EXISTS", "absent"));
    }

    @Test
    void shouldSetRelativeAndAbsoluteDeadlines()
    {
        f.exec("SET", "ex", "v", "EX", "10");
        f.exec("SET", "px", "v", "PX", "1500");
        f.exec("SET", "exat", "v", "EXAT", "4102444800");
        f.exec("SET", "pxat", "v", "PXAT", "4102444800123");
        assertEquals(f.now() + 10_000, f.exec("PEXPIRETIME", "ex"));
        assertEquals(1500L, f.exec("PTTL", "px"));
        assertEquals(4102444800000L, f.exec("PEXPIRETIME", "exat"));
        assertEquals(4102444800123L, f.exec("PEXPIRETIME", "pxat"));
    }

    @Test
    void shouldRejectNonPositiveOrOverflowingSetExpireWithCommandName()
    {
        for (final String[] option : new String[][]{
            { "EX", "0" }, { "EX", "-1" }, { "PX", "0" }, { "EXAT", "0" }, { "PXAT", "-5" },
            { "EX", "9223372036854775807" }, { "PX", "9223372036854775807" }, { "EXAT", "9223372036854776" } })
        {
            f.assertRejectedWithoutChange(
                "ERR invalid expire time in 'set' command", "SET", "k", "v", option[0], option[1]);
        }
        assertEquals(StatusReply.OK, f.exec("SET", "k", "v", "PXAT", "9223372036854775807"));
    }

    @Test
    void shouldRejectNonIntegerSetExpire()
    {
        f.assertRejectedWithoutChange(NOT_INTEGER, "SET", "k", "v", "EX", "1.5");
        f.assertRejectedWithoutChange(NOT_INTEGER, "SET", "k", "v", "PX", " 1");
    }

    @Test
    void shouldRejectConflictingOrIncompleteSetOptions()
    {
        f.exec("SET", "k", "v", "EX", "100");
        for (final String[] options : new String[][]{
            { "EX", "10", "PX", "100" }, { "EX", "10", "EXAT", "4102444800" }, { "PXAT", "1", "PX", "1" },
            { "KEEPTTL", "EX", "10" }, { "PX", "10", "KEEPTTL" }, { "PERSIST" }, { "EX" }, { "PXAT" }, { "FOO" },
            { "NX", "BAR" } })
        {
            final String[] command = new String[3 + options.length];
            command[0] = "SET";
            command[1] = "k";
            command[2] = "v2";
            System.arraycopy(options, 0, command, 3, options.length);
            f.assertRejectedWithoutChange(SYNTAX, command);
        }
    }

    @Test
    void shouldUseTheLastOfRepeatedExpireOptionsAndParseOnlyThatOne()
    {
        assertEquals(StatusReply.OK, f.exec("SET", "k", "v", "EX", "abc", "EX", "100"));
        assertEquals(100L, f.exec("TTL", "k"));
        assertEquals(err(NOT_INTEGER), f.exec("SET", "k", "v", "EX", "100", "EX", "abc"));
    }

    @Test
    void shouldReportSyntaxErrorBeforeABadExpireValue()
    {
        assertEquals(err(SYNTAX), f.exec("SET", "k", "v", "EX", "abc", "FOO"));
    }

    @Test
    void shouldKeepTheDeadlineWithKeepttl()
    {
        f.exec("SET", "k", "v", "PXAT", "4102444800123");
        f.exec("SET", "k", "v2", "KEEPTTL");
        assertEquals(4102444800123L, f.exec("PEXPIRETIME", "k"));
        assertBulk("v2", f.exec("GET", "k"));
        f.exec("SET", "fresh", "v", "KEEPTTL");
        assertEquals(-1L, f.exec("PEXPIRETIME", "fresh"));
    }

    @Test
    void shouldTreatOptionsAsCStringsEndingAtNul()
    {
        assertEquals(StatusReply.OK, f.exec(b("SET"), b("k"), b("v"), b("NX\0junk")));
        assertNull(f.exec(b("SET"), b("k"), b("v2"), b("NX\0")));
        assertEquals(err(SYNTAX), f.exec(b("SET"), b("k"), b("v2"), b("N\0X")));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // SETNX, SETEX, PSETEX, GETSET, GETDEL.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldReplyOneOrZeroFromSetnx()
    {
        assertEquals(1L, f.exec("SETNX", "k", "v"));
        assertEquals(0L, f.exec("SETNX", "k", "v2"));
        assertBulk("v", f.exec("GET", "k"));
    }

    @Test
    void shouldSetValueAndDeadlineWithSetexAndPsetex()
    {
        assertEquals(StatusReply.OK, f.exec("SETEX", "k", "100", "v"));
        assertEquals(100_000L, f.exec("PTTL", "k"));
        assertEquals(StatusReply.OK, f.exec("PSETEX", "p", "1234", "v"));
        assertEquals(1234L, f.exec("PTTL", "p"));
        assertBulk("v", f.exec("GET", "p"));
    }

    @Test
    void shouldRejectInvalidSetexTimesNamingTheCommand()
    {
        f.assertRejectedWithoutChange("ERR invalid expire time in 'setex' command", "SETEX", "k", "0", "v");
        f.assertRejectedWithoutChange("ERR invalid expire time in 'setex' command", "SETEX", "k", "-5", "v");
        f.assertRejectedWithoutChange(
            "ERR invalid expire time in 'setex' command", "SETEX", "k", "9223372036854775807", "v");
        f.assertRejectedWithoutChange("ERR invalid expire time in 'psetex' command", "PSETEX", "k", "0", "v");
        f.assertRejectedWithoutChange(NOT_INTEGER, "SETEX", "k", "abc", "v");
        f.assertRejectedWithoutChange(NOT_INTEGER, "PSETEX", "k", "1.5", "v");
    }

    @Test
    void shouldReturnOldValueAndClearDeadlineWithGetset()
    {
        assertNull(f.exec("GETSET", "k", "v"));
        f.exec("EXPIRE", "k", "100");
        assertBulk("v", f.exec("GETSET", "k", "v2"));
        assertBulk("v2", f.exec("GET", "k"));
        assertEquals(-1L, f.exec("TTL", "k"));
    }

    @Test
    void shouldReturnAndDeleteWithGetdel()
    {
        assertNull(f.exec("GETDEL", "k"));
        f.exec("SET", "k", "v");
        assertBulk("v", f.exec("GETDEL", "k"));
        assertEquals(0L, f.exec("EXISTS", "k"));
        assertEquals(0L, f.exec("DBSIZE"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // GETEX.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldBehaveAsGetWithoutOptions()
    {
        assertNull(f.exec("GETEX", "missing"));
        f.exec("SET", "k", "v", "EX", "100");
        assertBulk("v", f.exec("GETEX", "k"));
        assertEquals(100L, f.exec("TTL", "k"));
    }

    @Test
    void shouldSetDeadlinesWithGetex()
    {
        f.exec("SET", "k", "v");
        assertBulk("v", f.exec("GETEX", "k", "EX", "100"));
        assertEquals(100_000L, f.exec("PTTL", "k"));
        assertBulk("v", f.exec("GETEX", "k", "PX", "5"));
        assertEquals(5L, f.exec("PTTL", "k"));
        assertBulk("v", f.exec("GETEX", "k", "EXAT", "4102444800"));
        assertEquals(4102444800L, f.exec("EXPIRETIME", "k"));
        assertBulk("v", f.exec("GETEX", "k", "PXAT", "4102444800123"));
        assertEquals(4102444800123L, f.exec("PEXPIRETIME", "k"));
    }

    @Test
    void shouldRemoveTheDeadlineWithGetexPersist()
    {
        f.exec("SET", "k", "v", "EX", "100");
        assertBulk("v", f.exec("GETEX", "k", "PERSIST"));
        assertEquals(-1L, f.exec("TTL", "k"));
    }

    @Test
    void shouldDeleteKeyWhenGetexDeadlineIsAlreadyPast()
    {
        f.exec("SET", "k", "v");
        assertBulk("v", f.exec("GETEX", "k", "PXAT", Long.toString(f.now())));
        assertEquals(0L, f.exec("EXISTS", "k"));
        assertEquals(0L, f.exec("DBSIZE"));
    }

    @Test
    void shouldCheckGetexSyntaxBeforeLookingTheKeyUp()
    {
        for (final String[] options : new String[][]{
            { "FOO" }, { "EX" }, { "EX", "10", "PX", "10" }, { "PERSIST", "EX", "10" }, { "EX", "10", "PERSIST" },
            { "KEEPTTL" }, { "NX" }, { "GET" } })
        {
            final String[] command = new String[2 + options.length];
            command[0] = "GETEX";
            command[1] = "missing";
            System.arraycopy(options, 0, command, 2, options.length);
            f.assertRejectedWithoutChange(SYNTAX, command);
        }
    }

    @Test
    void shouldCheckGetexExpireValueOnlyForAnExistingKey()
    {
        assertNull(f.exec("GETEX", "missing", "EX", "0"));
        assertNull(f.exec("GETEX", "missing", "EX", "abc"));
        f.exec("SET", "k", "v");
        f.assertRejectedWithoutChange("ERR invalid expire time in 'getex' command", "GETEX", "k", "EX", "0");
        f.assertRejectedWithoutChange("ERR invalid expire time in 'getex' command", "GETEX", "k", "PXAT", "-1");
        f.assertRejectedWithoutChange(NOT_INTEGER, "GETEX", "k", "EX", "abc");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // MGET, MSET, MSETNX.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldReturnValuesAndNilsInOrderFromMget()
    {
        f.exec("MSET", "a", "1", "b", "2");
        assertArray(f.exec("MGET", "a", "missing", "b", "a"), "1", null, "2", "1");
    }

    @Test
    void shouldSetAllPairsWithMsetAndLetTheLastDuplicateWin()
    {
        f.exec("SET", "a", "old", "EX", "100");
        assertEquals(StatusReply.OK, f.exec("MSET", "a", "1", "b", "2", "a", "3"));
        assertArray(f.exec("MGET", "a", "b"), "3", "2");
        assertEquals(-1L, f.exec("TTL", "a"));
    }

    @Test
    void shouldRejectMsetWithAKeyWithoutValue()
    {
        f.assertRejectedWithoutChange("ERR wrong number of arguments for 'mset' command", "MSET", "a", "1", "b");
        f.assertRejectedWithoutChange("ERR wrong number of arguments for 'msetnx' command", "MSETNX", "a", "1", "b");
    }

    @Test
    void shouldSetNothingWithMsetnxWhenAnyKeyExists()
    {
        assertEquals(1L, f.exec("MSETNX", "a", "1", "b", "2"));
        assertEquals(0L, f.exec("MSETNX", "c", "3", "b", "4"));
        assertArray(f.exec("MGET", "a", "b", "c"), "1", "2", null);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // APPEND, STRLEN.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldAppendAndReturnTheNewLength()
    {
        assertEquals(5L, f.exec("APPEND", "k", "hello"));
        assertEquals(11L, f.exec("APPEND", "k", " world"));
        assertEquals(11L, f.exec("APPEND", "k", ""));
        assertBulk("hello world", f.exec("GET", "k"));
        assertEquals(0L, f.exec("APPEND", "empty", ""));
        assertEquals(1L, f.exec("EXISTS", "empty"));
    }

    @Test
    void shouldKeepTheDeadlineOnAppend()
    {
        f.exec("SET", "k", "v", "PXAT", "4102444800000");
        f.exec("APPEND", "k", "w");
        assertEquals(4102444800000L, f.exec("PEXPIRETIME", "k"));
    }

    @Test
    void shouldReportZeroLengthForMissingKey()
    {
        assertEquals(0L, f.exec("STRLEN", "missing"));
        f.exec("SET", "k", "héllo");
        assertEquals(6L, f.exec("STRLEN", "k"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // GETRANGE, SETRANGE.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldResolveNegativeGetrangeIndexesFromTheEnd()
    {
        f.exec("SET", "s", "Hello World");
        assertBulk("Hello", f.exec("GETRANGE", "s", "0", "4"));
        assertBulk("Hello World", f.exec("GETRANGE", "s", "0", "-1"));
        assertBulk("World", f.exec("GETRANGE", "s", "-5", "-1"));
        assertBulk("", f.exec("GETRANGE", "s", "-1", "-5"));
        assertBulk("", f.exec("GETRANGE", "s", "5", "3"));
        assertBulk("Hello World", f.exec("GETRANGE", "s", "-100", "100"));
        assertBulk("H", f.exec("GETRANGE", "s", "-100", "-50"));
        assertBulk("", f.exec("GETRANGE", "s", "100", "200"));
        assertBulk("", f.exec("GETRANGE", "s", "-3", "2"));
        assertBulk("Hel", f.exec("SUBSTR", "s", "0", "2"));
        assertBulk("rld", f.exec("SUBSTR", "s", "-3", "-1"));
        assertBulk("Hello World", f.exec("GETRANGE", "s", "-9223372036854775808", "9223372036854775807"));
    }

    @Test
    void shouldReturnEmptyRangeOfMissingOrEmptyString()
    {
        assertBulk("", f.exec("GETRANGE", "missing", "0", "-1"));
        f.exec("SET", "e", "");
        assertBulk("", f.exec("GETRANGE", "e", "0", "-1"));
        assertBulk("", f.exec("GETRANGE", "e", "-1", "-1"));
    }

    @Test
    void shouldRejectNonIntegerGetrangeIndexesEvenForMissingKey()
    {
        assertEquals(err(NOT_INTEGER), f.exec("GETRANGE", "missing", "a", "1"));
        assertEquals(err(NOT_INTEGER), f.exec("GETRANGE", "missing", "0", "1.0"));
    }

    @Test
    void shouldOverwriteWithSetrange()
    {
        f.exec("SET", "s", "Hello World");
        assertEquals(11L, f.exec("SETRANGE", "s", "6", "Redis"));
        assertBulk("Hello Redis", f.exec("GET", "s"));
    }

    @Test
    void shouldPadWithZeroBytesWhenSetrangeWritesPastTheEnd()
    {
        f.exec("SET", "s", "ab");
        assertEquals(7L, f.exec("SETRANGE", "s", "5", "xy"));
        assertBulk(new byte[]{ 'a', 'b', 0, 0, 0, 'x', 'y' }, f.exec("GET", "s"));
        assertEquals(4L, f.exec("SETRANGE", "new", "3", "z"));
        assertBulk(new byte[]{ 0, 0, 0, 'z' }, f.exec("GET", "new"));
    }

    @Test
    void shouldNotCreateKeyWhenSetrangeWritesNothing()
    {
        assertEquals(0L, f.exec("SETRANGE", "missing", "100", ""));
        assertEquals(0L, f.exec("EXISTS", "missing"));
        f.exec("SET", "s", "hello");
        assertEquals(5L, f.exec("SETRANGE", "s", "100", ""));
        assertBulk("hello", f.exec("GET", "s"));
    }

    @Test
    void shouldRejectNegativeOrTooLargeSetrangeOffsets()
    {
        f.exec("SET", "s", "hello");
        f.assertRejectedWithoutChange("ERR offset is out of range", "SETRANGE", "s", "-1", "x");
        f.assertRejectedWithoutChange(NOT_INTEGER, "SETRANGE", "s", "1.5", "x");
        final String tooLong = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
        f.assertRejectedWithoutChange(tooLong, "SETRANGE", "s", "536870912", "x");
        f.assertRejectedWithoutChange(tooLong, "SETRANGE", "s", "9223372036854775807", "ab");
        f.assertRejectedWithoutChange(tooLong, "SETRANGE", "missing", "536870912", "x");
    }

    @Test
    void shouldKeepTheDeadlineOnSetrange()
    {
        f.exec("SET", "s", "hello", "PXAT", "4102444800777");
        f.exec("SETRANGE", "s", "0", "j");
        assertEquals(4102444800777L, f.exec("PEXPIRETIME", "s"));
        assertBulk("jello", f.exec("GET", "s"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Arity.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldRejectWrongArityWithTheLowerCaseCommandName()
    {
        for (final List<String> command : List.of(
            List.of("GET"), List.of("GET", "a", "b"), List.of("SET", "k"), List.of("SETNX", "k"),
            List.of("SETEX", "k", "10"), List.of("PSETEX", "k", "10"), List.of("GETSET", "k"),
            List.of("GETDEL"), List.of("GETEX"), List.of("MGET"), List.of("MSET", "k"), List.of("MSETNX"),
            List.of("APPEND", "k"), List.of("STRLEN"), List.of("GETRANGE", "k", "0"),
            List.of("SUBSTR", "k", "0", "1", "2"), List.of("SETRANGE", "k", "0")))
        {
            final String name = command.get(0).toLowerCase();
            f.assertRejectedWithoutChange(
                "ERR wrong number of arguments for '" + name + "' command", command.toArray(new String[0]));
        }
    }
}

package io.vigil.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * What each write appends to the replication log: an idempotent effect (SET with an absolute PXAT, DEL, PEXPIREAT,
 * PERSIST, FLUSHALL), never the command as given; and nothing at all for reads, no-ops and errors.
 */
class ReplicationEffectsTest
{
    private final CommandFixture f = new CommandFixture();

    @AfterEach
    void close()
    {
        f.close();
    }

    private List<List<String>> effectsOf(final String... command)
    {
        final long offset = f.logOffset();
        f.exec(command);
        return f.writesSince(offset);
    }

    @Test
    void shouldNameTheDatabaseOnceBeforeTheFirstEffect()
    {
        final long start = f.logOffset();
        f.exec("SET", "a", "1");
        f.exec("SET", "b", "2");
        assertEquals(List.of(List.of("SELECT", "0"), List.of("SET", "a", "1"), List.of("SET", "b", "2")),
            f.effectsSince(start));
    }

    @Test
    void shouldLogRelativeExpiriesAsAbsoluteDeadlines()
    {
        final String deadline = Long.toString(f.now() + 10_000);
        assertEquals(List.of(List.of("SET", "k", "v", "PXAT", deadline)), effectsOf("SET", "k", "v", "EX", "10"));
        assertEquals(List.of(List.of("SET", "k", "v", "PXAT", deadline)), effectsOf("SETEX", "k", "10", "v"));
        assertEquals(List.of(List.of("SET", "k", "v", "PXAT", deadline)), effectsOf("PSETEX", "k", "10000", "v"));
        assertEquals(List.of(List.of("SET", "k", "v2", "PXAT", deadline)), effectsOf("SET", "k", "v2", "KEEPTTL"));
        assertEquals(List.of(List.of("SET", "k", "v3")), effectsOf("SET", "k", "v3", "GET"));
    }

    @Test
    void shouldLogCountersAsTheSetOfTheResultKeepingTheDeadline()
    {
        f.exec("SET", "n", "1", "PXAT", "4102444800000");
        assertEquals(List.of(List.of("SET", "n", "2", "PXAT", "4102444800000")), effectsOf("INCR", "n"));
        assertEquals(List.of(List.of("SET", "n", "-3", "PXAT", "4102444800000")), effectsOf("DECRBY", "n", "5"));
        assertEquals(List.of(List.of("SET", "m", "1")), effectsOf("INCR", "m"));
        assertEquals(List.of(List.of("SET", "f", "10.6")), effectsOf("INCRBYFLOAT", "f", "10.6"));
        assertEquals(List.of(List.of("SET", "n", "-2.5", "PXAT", "4102444800000")),
            effectsOf("INCRBYFLOAT", "n", "0.5"));
    }

    @Test
    void shouldLogAppendAndSetrangeAsTheSetOfTheWholeValue()
    {
        f.exec("SET", "s", "ab", "PXAT", "4102444800000");
        assertEquals(List.of(List.of("SET", "s", "abc", "PXAT", "4102444800000")), effectsOf("APPEND", "s", "c"));
        assertEquals(List.of(List.of("SET", "s", "aXc", "PXAT", "4102444800000")), effectsOf("SETRANGE", "s", "1", "X"));
        assertEquals(List.of(List.of("SET", "t", "\0\0z")), effectsOf("SETRANGE", "t", "2", "z"));
    }

    @Test
    void shouldLogExpireAsPexpireatAndAPastDeadlineAsDel()
    {
        f.exec("SET", "k", "v");
        assertEquals(List.of(List.of("PEXPIREAT", "k", Long.toString(f.now() + 100_000))),
            effectsOf("EXPIRE", "k", "100"));
        assertEquals(List.of(List.of("PEXPIREAT", "k", "4102444800000")), effectsOf("EXPIREAT", "k", "4102444800"));
        assertEquals(List.of(List.of("PEXPIREAT", "k", "4102444800001")),
            effectsOf("PEXPIREAT", "k", "4102444800001"));
        assertEquals(List.of(List.of("DEL", "k")), effectsOf("EXPIRE", "k", "-1"));
    }

    @Test
    void shouldLogGetexAsPexpireatPersistOrDel()
    {
        f.exec("SET", "k", "v");
        assertEquals(List.of(), effectsOf("GETEX", "k"));
        assertEquals(List.of(), effectsOf("GETEX", "k", "PERSIST"));
        assertEquals(List.of(List.of("PEXPIREAT", "k", Long.toString(f.now() + 5_000))),
            effectsOf("GETEX", "k", "EX", "5"));
        assertEquals(List.of(List.of("PERSIST", "k")), effectsOf("GETEX", "k", "PERSIST"));
        assertEquals(List.of(List.of("DEL", "k")), effectsOf("GETEX", "k", "EXAT", "1"));
    }

    @Test
    void shouldLogPersistOnlyWhenADeadlineWasRemoved()
    {
        f.exec("SET", "k", "v");
        assertEquals(List.of(), effectsOf("PERSIST", "k"));
        f.exec("EXPIRE", "k", "10");
        assertEquals(List.of(List.of("PERSIST", "k")), effectsOf("PERSIST", "k"));
    }

    @Test
    void shouldLogOneDelPerDeletedKey()
    {
        f.exec("MSET", "a", "1", "b", "2");
        assertEquals(List.of(List.of("DEL", "a"), List.of("DEL", "b")), effectsOf("DEL", "a", "missing", "b", "a"));
        f.exec("SET", "c", "3");
        assertEquals(List.of(List.of("DEL", "c")), effectsOf("GETDEL", "c"));
        assertEquals(List.of(), effectsOf("UNLINK", "c"));
    }

    @Test
    void shouldLogRenameAsSetOfTheDestinationAndDelOfTheSource()
    {
        f.exec("SET", "a", "1", "PXAT", "4102444800000");
        assertEquals(List.of(List.of("SET", "b", "1", "PXAT", "4102444800000"), List.of("DEL", "a")),
            effectsOf("RENAME", "a", "b"));
        assertEquals(List.of(List.of("SET", "c", "1", "PXAT", "4102444800000"), List.of("DEL", "b")),
            effectsOf("RENAMENX", "b", "c"));
    }

    @Test
    void shouldLogFlushdbAsFlushall()
    {
        f.exec("SET", "a", "1");
        assertEquals(List.of(List.of("FLUSHALL")), effectsOf("FLUSHDB"));
        assertEquals(List.of(List.of("FLUSHALL")), effectsOf("FLUSHALL", "ASYNC"));
    }

    @Test
    void shouldLogEachPairOfMsetAndGetsetAsSet()
    {
        assertEquals(List.of(List.of("SET", "a", "1"), List.of("SET", "b", "2")), effectsOf("MSET", "a", "1", "b", "2"));
        assertEquals(List.of(List.of("SET", "c", "3")), effectsOf("MSETNX", "c", "3"));
        assertEquals(List.of(List.of("SET", "a", "9")), effectsOf("GETSET", "a", "9"));
    }

    @Test
    void shouldLogTheLazyDeletionOfAnExpiredKeyBeforeTheWrite()
    {
        f.exec("SET", "k", "v", "PX", "10");
        f.advance(11);
        assertEquals(List.of(List.of("DEL", "k"), List.of("SET", "k", "v2")), effectsOf("SETNX", "k", "v2"));
    }

    @Test
    void shouldLogNothingForReadsAndWritesThatChangeNothing()
    {
        f.exec("SET", "k", "v");
        for (final List<String> command : List.of(
            List.of("GET", "k"), List.of("MGET", "k", "x"), List.of("EXISTS", "k"), List.of("TTL", "k"),
            List.of("KEYS", "*"), List.of("SCAN", "0"), List.of("DBSIZE"), List.of("RANDOMKEY"),
            List.of("GETRANGE", "k", "0", "-1"), List.of("STRLEN", "k"), List.of("TYPE", "k"),
            List.of("SET", "k", "x", "NX"), List.of("SET", "y", "x", "XX", "GET"), List.of("SETNX", "k", "x"),
            List.of("MSETNX", "z", "1", "k", "2"), List.of("DEL", "missing"), List.of("EXPIRE", "missing", "10"),
            List.of("EXPIRE", "k", "10", "XX"), List.of("PERSIST", "missing"), List.of("RENAME", "k", "k"),
            List.of("RENAMENX", "k", "k"), List.of("GETDEL", "missing"), List.of("SETRANGE", "k", "0", ""),
            List.of("GETEX", "missing", "EX", "10")))
        {
            assertEquals(List.of(), effectsOf(command.toArray(new String[0])), command.toString());
        }
    }

    @Test
    void shouldChangeNothingOnAnyErrorReply()
    {
        f.exec("SET", "k", "v", "EX", "100");
        f.exec("SET", "word", "abc");
        f.exec("SET", "max", "9223372036854775807");
        for (final List<String> command : List.of(
            List.of("SET", "k", "v2", "NX", "XX"), List.of("SET", "k", "v2", "EX", "0"),
            List.of("SET", "k", "v2", "EX", "x"), List.of("SET", "k"), List.of("SETEX", "k", "-1", "v"),
            List.of("GETEX", "k", "EX", "0"), List.of("GETEX", "k", "FOO"), List.of("MSET", "a", "1", "b"),
            List.of("MSETNX", "a"), List.of("INCR", "word"), List.of("INCR", "max"), List.of("INCRBY", "k", "x"),
            List.of("DECRBY", "k", "-9223372036854775808"), List.of("INCRBYFLOAT", "word", "1"),
            List.of("INCRBYFLOAT", "max", "inf"), List.of("SETRANGE", "k", "-1", "x"),
            List.of("SETRANGE", "k", "536870912", "x"), List.of("EXPIRE", "k", "x"),
            List.of("EXPIRE", "k", "10", "NX", "XX"), List.of("EXPIRE", "k", "10", "GT", "LT"),
            List.of("EXPIRE", "k", "10", "FOO"), List.of("PEXPIRE", "k", "9223372036854775807"),
            List.of("RENAME", "missing", "k"), List.of("FLUSHALL", "NOW"), List.of("NOSUCHCOMMAND", "k"),
            List.of("DEL"), List.of("SCAN", "x"), List.of("GETRANGE", "k", "a", "b")))
        {
            final long offset = f.logOffset();
            final var before = f.snapshot();
            final Object reply = f.exec(command.toArray(new String[0]));
            assertInstanceOf(ErrorReply.class, reply, command.toString());
            assertEquals(before, f.snapshot(), command.toString());
            assertEquals(offset, f.logOffset(), command.toString());
        }
    }
}

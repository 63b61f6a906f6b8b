package io.vigil.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The command sequences {@link RedisDifferentialTest} runs against both Vigil and Redis 7.0. The notation is described
 * on {@link RedisDifferentialTest}. Absolute deadlines are far in the future (4102444800 is 2100-01-01) or far in the
 * past, so replies that depend on them are deterministic.
 * <p>
 * Left out on purpose:
 * <ul>
 *     <li>DBSIZE after a key's deadline passed. Redis deletes an expired key when any command, even a read, looks it
 *     up, and its active expiry runs on its own timer; Vigil's reads are lock-free and never delete, so DBSIZE counts
 *     the key until a write touches it or the writer's expiry cycle removes it. Both hide the key from every other
 *     reply, which is what the sequences check.</li>
 *     <li>The order of SCAN and KEYS results and the intermediate SCAN cursors, which depend on each server's hash
 *     table: iterations are compared as sets of keys.</li>
 *     <li>The key RANDOMKEY picks.</li>
 *     <li>Strings of 512 MB (proto-max-bulk-len): the limit itself is checked with offsets just past it.</li>
 * </ul>
 */
final class DifferentialCases
{
    private DifferentialCases()
    {
    }

    /** Integer arguments as string2ll must judge them. */
    static final String[] INTEGERS = {
        "0", "1", "-1", "10", "007", "00", "\" 1\"", "\"1 \"", "+1", "-0", "-", "\"\"", "1e5", "0x10", "1.0", "1.5",
        "abc", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "12345678901234567890", "99999999999999999999", "-99999999999999999999", "\"1\\x00\"", "\"\\x001\"",
        "١", "\"1\\r\\n\"", "100000000000000000000",
    };

    /** Floating point arguments as strtold (util.c string2ld) must judge them. */
    static final String[] FLOATS = {
        "0", "1", "-1", "1.5", "-1.5e2", "10.5", "0.1", "5.0e3", ".5", "5.", ".", "-.5", "+.5", "+1", "-0", "0.0",
        "-0.0", "007", "1e5", "1E+2", "1e-2", "1e", "1e+", "e5", "inf", "-inf", "+inf", "INF", "Infinity",
        "-infinity", "infin", "nan", "NaN", "-nan", "1e400", "-1e400", "1e4932", "1.2e4932", "1e-400", "1e-4940",
        "1e-5000", "0e99999", "0x10", "0x1p3", "0X1.8P1", "0x", "0x.8", "0x1p", "-0x10", "0x1p-16445",
        "\" 1\"", "\"1 \"", "\"\"", "abc", "1_0", "1d", "\"1\\x00\"", "3.14159265358979323846264338327950288",
        "0.1e1", "1.7976931348623157e308", "123456789012345678901234567890", "9223372036854775807",
        "-9223372036854775808", "0.30000000000000004", "1e-17", "5e-18", "1e-18", "4.9999999999999999e-18",
        "0.000000000000000015", "0.000000000000000025", "1.00000000000000000005", "99999999999999999999.5",
        "18446744073709551616", "1e19", "1e20", "1e30", "1.1", "2.2", "3.3", "-3.0", "0.5e-17", "1e-16445",
    };

    static List<RedisDifferentialTest.Sequence> all()
    {
        final List<RedisDifferentialTest.Sequence> all = new ArrayList<>();
        for (final String text : new String[]{ STRINGS, SET_OPTIONS, GETEX, COUNTERS, RANGES, KEYS, EXPIRY, GLOB, SCAN })
        {
            all.addAll(RedisDifferentialTest.parse(text));
        }
        all.addAll(integerArguments());
        all.addAll(floatArguments());
        all.addAll(arityErrors());
        all.addAll(largeArguments());
        final List<RedisDifferentialTest.Sequence> numbered = new ArrayList<>();
        for (int i = 0; i < all.size(); i++)
        {
            final RedisDifferentialTest.Sequence s = all.get(i);
            numbered.add(new RedisDifferentialTest.Sequence(String.format("%03d %s", i, s.name), s.lines));
        }
        return numbered;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Generated sequences.
    // ---------------------------------------------------------------------------------------------------------------

    private static List<RedisDifferentialTest.Sequence> integerArguments()
    {
        final List<RedisDifferentialTest.Sequence> sequences = new ArrayList<>();
        for (final String n : INTEGERS)
        {
            sequences.add(new RedisDifferentialTest.Sequence("integer argument " + n, List.of(
                "SCAN 0 COUNT " + n,
                "SCAN " + n + " MATCH nothing*",
                "SET v " + n,
                "INCR v",
                "SET v " + n,
                "DECR v",
                "SET v " + n,
                "INCRBY v 1",
                "SET v " + n,
                "DECRBY v -1",
                "INCRBY a " + n,
                "DECRBY b " + n,
                "SET s hello",
                "GETRANGE s " + n + " -1",
                "GETRANGE s 0 " + n,
                "SETRANGE s " + n + " x",
                "SET e value",
                "~EXPIRE e " + n,
                "~TTL e",
                "EXISTS e",
                "SET e value",
                "~PEXPIRE e " + n + " NX",
                // A deadline of a few milliseconds may pass at different moments on the two sides: overwrite it.
                "SET e value",
                "EXPIREAT e " + n + " GT",
                "PEXPIREAT e " + n,
                "EXISTS e",
                "~SETEX x " + n + " v",
                "~PSETEX y " + n + " v",
                "SET y done",
                "~SET z v EX " + n,
                "~SET z v PX " + n,
                "SET z v EXAT " + n,
                "SET z v PXAT " + n,
                "SET g v",
                "~GETEX g EX " + n,
                "~GETEX g PXAT " + n,
                "~GETEX missing EX " + n)));
        }
        return sequences;
    }

    private static List<RedisDifferentialTest.Sequence> floatArguments()
    {
        final List<RedisDifferentialTest.Sequence> sequences = new ArrayList<>();
        final List<String> fresh = new ArrayList<>();
        for (final String f : FLOATS)
        {
            fresh.add("DEL f");
            fresh.add("INCRBYFLOAT f " + f);
            fresh.add("GET f");
        }
        sequences.add(new RedisDifferentialTest.Sequence("INCRBYFLOAT of each argument on a missing key", fresh));

        final String[] stored = {
            "10.5", "0.1", "1e400", "-1.5e2", "3", "1e-4940", "0x10", "inf", "abc", "5.0e3", "1.1", "-0",
            "9223372036854775807", "1e4932", "-1e4932", "0.30000000000000004", "1e19", "\" 2\"", "99999999999999999999",
        };
        for (final String base : stored)
        {
            final List<String> lines = new ArrayList<>();
            for (final String f : FLOATS)
            {
                lines.add("SET f " + base);
                lines.add("INCRBYFLOAT f " + f);
            }
            sequences.add(new RedisDifferentialTest.Sequence("INCRBYFLOAT of each argument on " + base, lines));
        }

        final List<String> chain = new ArrayList<>();
        chain.add("SET f 10.5");
        for (int i = 0; i < 30; i++)
        {
            chain.add("INCRBYFLOAT f 0.1");
        }
        for (int i = 0; i < 30; i++)
        {
            chain.add("INCRBYFLOAT f -0.7");
        }
        chain.add("INCRBYFLOAT g 1e30");
        for (int i = 0; i < 10; i++)
        {
            chain.add("INCRBYFLOAT g 1.5e-3");
            chain.add("INCRBYFLOAT g -1e30");
            chain.add("INCRBYFLOAT g 1e30");
        }
        sequences.add(new RedisDifferentialTest.Sequence("INCRBYFLOAT accumulates in long double", chain));
        return sequences;
    }

    private static List<RedisDifferentialTest.Sequence> largeArguments()
    {
        final String big = "x".repeat(200_000);
        final StringBuilder manyArgs = new StringBuilder("FOO");
        final StringBuilder manyKeys = new StringBuilder("MSET");
        final StringBuilder mget = new StringBuilder("MGET");
        for (int i = 0; i < 300; i++)
        {
            manyArgs.append(" a").append(i);
            manyKeys.append(" key").append(i).append(' ').append(i);
            mget.append(" key").append(i * 2);
        }
        return List.of(
            new RedisDifferentialTest.Sequence("large values", List.of(
                "SET big " + big,
                "STRLEN big",
                "APPEND big " + big,
                "GETRANGE big 199995 200004",
                "SETRANGE big 399999 " + big,
                "STRLEN big",
                "GETRANGE big -3 -1",
                "SET " + big + " v",
                "GET " + big,
                "%KEYS x*",
                "FOO " + big)),
            new RedisDifferentialTest.Sequence("many arguments", List.of(
                manyArgs.toString(),
                manyKeys.toString(),
                "DBSIZE",
                mget.toString(),
                "@SCAN 0 MATCH key1*",
                "@SCAN 0 COUNT 7",
                "%KEYS key?",
                "%KEYS key[2-3]?",
                manyKeys.toString().replace("MSET", "DEL").replaceAll(" [0-9]+(?= |$)", ""),
                "DBSIZE")));
    }

    /**
     * Every command of the table with too few and too many arguments.
     */
    private static List<RedisDifferentialTest.Sequence> arityErrors()
    {
        final List<RedisDifferentialTest.Sequence> sequences = new ArrayList<>();
        for (final CommandSpec spec : CommandTable.standard().commands())
        {
            final int arity = spec.arity();
            final List<String> lines = new ArrayList<>();
            final List<Integer> wrong = new ArrayList<>();
            wrong.add(1);
            if (arity > 0)
            {
                wrong.add(arity - 1);
                wrong.add(arity + 1);
                wrong.add(arity + 2);
            }
            else
            {
                wrong.add(-arity - 1);
            }
            for (final int argc : wrong)
            {
                if (argc < 1 || spec.arityMatches(argc))
                {
                    continue;
                }
                final StringBuilder line = new StringBuilder(spec.name().toUpperCase());
                for (int i = 1; i < argc; i++)
                {
                    line.append(" a").append(i);
                }
                lines.add(line.toString());
                lines.add(line.toString().toLowerCase());
            }
            if (!lines.isEmpty())
            {
                sequences.add(new RedisDifferentialTest.Sequence("arity of " + spec.name(), lines));
            }
        }
        return sequences;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Written sequences.
    // ---------------------------------------------------------------------------------------------------------------

    static final String STRINGS = """
        # GET and SET of plain, empty and binary values
        SET k v
        GET k
        GET missing
        SET empty ""
        GET empty
        STRLEN empty
        SET "bin\\x00\\xff\\r\\nkey" "\\x00\\x01\\xfe\\xff\\r\\n"
        GET "bin\\x00\\xff\\r\\nkey"
        STRLEN "bin\\x00\\xff\\r\\nkey"
        SET "" "empty key"
        GET ""
        SET k "multi word value"
        GET k
        SET unicode "héllo wörld ✓"
        GET unicode
        STRLEN unicode

        # command names are case-insensitive
        set k v
        gEt k
        SeT k v2
        get k
        Set K other
        GET K

        # SET replaces the value and clears the deadline
        SET k v EX 100
        SET k v2
        TTL k
        GET k

        # SETNX
        SETNX k v
        SETNX k v2
        GET k
        SETNX "" ""
        GET ""

        # SETEX and PSETEX
        SETEX k 100 v
        ~TTL k
        ~PTTL k
        PSETEX p 100000 v
        ~PTTL p
        ~TTL p
        SETEX k 0 v
        SETEX k -5 v
        PSETEX k 0 v
        PSETEX k -1 v
        SETEX k abc v
        PSETEX k 1.5 v
        SETEX k 9223372036854775807 v
        SETEX k 9223372036854775 v
        SETEX k 9223372036854774 v
        PSETEX k 9223372036854775807 v
        GET k

        # GETSET
        GETSET k v
        GET k
        GETSET k v2
        GET k
        SET k v EX 100
        GETSET k v3
        TTL k

        # GETDEL
        GETDEL missing
        SET k v
        GETDEL k
        GET k
        EXISTS k
        GETDEL k

        # MGET
        MSET a 1 b 2 "" empty
        MGET a b c ""
        MGET missing
        MGET a a a

        # MSET
        MSET a 1 b 2 c 3
        MGET a b c
        MSET a 10 a 20
        GET a
        SET t v EX 100
        MSET t new
        TTL t
        MSET a
        MSET a 1 b
        MSET a 1 b 2 c

        # MSETNX
        MSETNX a 1 b 2
        MGET a b
        MSETNX b 3 c 4
        MGET a b c
        MSETNX c 5 c 6
        GET c
        MSETNX d
        MSETNX d 1 e

        # APPEND
        APPEND k hello
        APPEND k " world"
        GET k
        APPEND k ""
        APPEND missing ""
        EXISTS missing
        APPEND b "\\x00\\xff"
        APPEND b "\\x00"
        GET b
        SET n 10
        APPEND n 5
        GET n
        INCR n

        # APPEND keeps the deadline
        SET k v EXAT 4102444800
        APPEND k more
        PEXPIRETIME k
        GET k

        # STRLEN
        STRLEN missing
        SET k hello
        STRLEN k
        SET n 12345
        STRLEN n
        SET n -1
        STRLEN n

        # unknown commands
        FOO
        FOO a b c
        foo "arg with space"
        NOTACOMMAND "\\x00binary" "x"
        FOO "a\\r\\nb"
        GETT k
        "GET\\x00" k
        "" a
        "SET " k v
        FOO 0123456789012345678901234567890123456789012345678901234567890123456789 0123456789012345678901234567890123456789012345678901234567890123456789 tail
        FOO 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789ABCDEF
        FOO ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé
        FOO aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ééé
        Fooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo
        Féééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé x
        FOO "a\\x00b" c
        "FOO\\x00BAR" x
        """;

    static final String SET_OPTIONS = """
        # SET NX and XX
        SET k v XX
        GET k
        SET k v NX
        SET k v2 NX
        GET k
        SET k v3 XX
        GET k
        SET k v4 nx
        SET k v5 xx
        GET k

        # SET NX together with XX is a syntax error in any order
        SET k v NX XX
        SET k v XX NX
        SET k v nx xx
        SET k v NX NX
        SET k v XX XX
        GET k

        # SET GET
        SET k v GET
        SET k v2 GET
        SET k v3 get
        GET k
        SET k v4 GET GET
        SET k v5 NX GET
        GET k
        SET missing v NX GET
        GET missing
        SET absent v XX GET
        GET absent
        SET k v6 XX GET
        GET k

        # SET EX PX EXAT PXAT
        SET k v EX 100
        ~TTL k
        ~PTTL k
        SET k v PX 100000
        ~PTTL k
        SET k v EXAT 4102444800
        EXPIRETIME k
        PEXPIRETIME k
        ~TTL k
        SET k v PXAT 4102444800123
        PEXPIRETIME k
        EXPIRETIME k
        SET k v ex 100
        ~TTL k
        SET k v pXaT 4102444800999
        PEXPIRETIME k
        EXPIRETIME k

        # SET expire values that are invalid
        SET k v EX 0
        SET k v EX -1
        SET k v PX 0
        SET k v PX -100
        SET k v EXAT 0
        SET k v PXAT 0
        SET k v EXAT -1
        SET k v EX abc
        SET k v EX 1.5
        SET k v EX ""
        SET k v EX 9223372036854775807
        SET k v EX 9223372036854775
        SET k v EX 9223372036854774
        SET k v PX 9223372036854775807
        SET k v PX 9223372036854775000
        SET k v EXAT 9223372036854775
        SET k v EXAT 9223372036854776
        SET k v PXAT 9223372036854775807
        PEXPIRETIME k
        GET k

        # SET expire options that conflict are syntax errors
        SET k v EX 10 PX 100
        SET k v PX 100 EX 10
        SET k v EX 10 EXAT 4102444800
        SET k v EXAT 4102444800 PXAT 4102444800000
        SET k v PXAT 4102444800000 EX 10
        SET k v KEEPTTL EX 10
        SET k v EX 10 KEEPTTL
        SET k v PX 10 KEEPTTL
        SET k v KEEPTTL PXAT 4102444800000
        SET k v PERSIST
        SET k v EX
        SET k v PX
        SET k v EXAT
        SET k v PXAT
        SET k v EX 10 foo
        SET k v foo
        SET k v NX foo
        SET k v KEEPTTL KEEPTTL
        GET k

        # SET with the same expire option twice uses the last value
        SET k v EX 10 EX 100
        ~TTL k
        SET k v EX abc EX 100
        ~TTL k
        SET k v PX 0 PX 100000
        ~PTTL k
        SET k v EX 100 EX abc
        ~TTL k

        # SET KEEPTTL
        SET k v EXAT 4102444800
        SET k v2 KEEPTTL
        PEXPIRETIME k
        GET k
        SET k v3
        PEXPIRETIME k
        SET k v4 KEEPTTL
        PEXPIRETIME k
        SET fresh v keepttl
        PEXPIRETIME fresh

        # SET options combined
        SET k v NX EX 100 GET
        ~TTL k
        SET k v2 XX PXAT 4102444800000 GET
        PEXPIRETIME k
        SET k v3 XX KEEPTTL GET
        PEXPIRETIME k
        SET k v4 NX PX 100 GET
        GET k
        SET k v5 EX 0 GET
        SET k v6 GET EX abc
        GET k

        # SET in the past stores a key that is already expired
        SET k v EXAT 1
        GET k
        EXISTS k
        TTL k
        SET k v PXAT 1000 GET
        SET k v2 NX
        GET k

        # options are C strings: what follows a NUL byte is ignored
        SET k v "NX\\x00junk"
        SET k v2 "NX\\x00junk"
        GET k
        SET k v3 "XX\\x00"
        GET k
        SET k v4 "GET\\x00x"
        SET k v5 "EX\\x00" 100
        ~TTL k
        SET k v6 "KEEPTTL\\x00"
        ~TTL k
        SET k v7 "N\\x00X"
        GET k
        """;

    static final String GETEX = """
        # GETEX without options is GET
        GETEX missing
        SET k v EXAT 4102444800
        GETEX k
        PEXPIRETIME k

        # GETEX sets and removes deadlines
        SET k v
        GETEX k EX 100
        ~TTL k
        GETEX k PX 100000
        ~PTTL k
        GETEX k EXAT 4102444800
        PEXPIRETIME k
        GETEX k PXAT 4102444800123
        PEXPIRETIME k
        GETEX k PERSIST
        TTL k
        GETEX k PERSIST
        TTL k
        GETEX k ex 100
        ~TTL k
        GETEX k persist
        TTL k

        # GETEX with an absolute deadline in the past deletes the key
        SET k v
        GETEX k EXAT 1
        EXISTS k
        SET k v
        GETEX k PXAT 1000
        GET k
        SET k v
        GETEX k PXAT 4102444800000
        EXISTS k

        # GETEX syntax errors come before the lookup
        GETEX missing FOO
        GETEX missing EX
        GETEX missing EX 10 PX 10
        GETEX missing PERSIST EX 10
        GETEX missing EX 10 PERSIST
        GETEX missing KEEPTTL
        GETEX missing NX
        GETEX missing XX
        GETEX missing GET
        GETEX missing PERSIST PERSIST
        GETEX missing EX 10 EX 20
        SET k v
        GETEX k FOO
        GETEX k KEEPTTL
        GETEX k EX 10 PX 10
        GETEX k PERSIST EXAT 4102444800
        TTL k

        # GETEX expire values are checked only for an existing key
        GETEX missing EX 0
        GETEX missing EX abc
        GETEX missing PX -1
        SET k v
        GETEX k EX 0
        GETEX k EX -1
        GETEX k PX 0
        GETEX k EXAT 0
        GETEX k PXAT -5
        GETEX k EX abc
        GETEX k EX 1.5
        GETEX k EX 9223372036854775807
        GETEX k PX 9223372036854775807
        GETEX k EXAT 9223372036854776
        GETEX k EX abc EX 100
        ~TTL k
        GET k
        """;

    static final String COUNTERS = """
        # INCR DECR INCRBY DECRBY
        INCR n
        INCR n
        DECR n
        DECR n
        DECR n
        INCRBY n 10
        INCRBY n -20
        DECRBY n 5
        DECRBY n -5
        GET n
        INCRBY m 0
        GET m

        # counters reject values that are not integers
        SET n abc
        INCR n
        SET n ""
        INCR n
        SET n 1.5
        INCRBY n 1
        SET n " 1"
        DECR n
        SET n 007
        DECRBY n 1
        SET n "1\\x00"
        INCR n
        GET n

        # counter overflow
        SET n 9223372036854775807
        INCR n
        INCRBY n 1
        DECRBY n -1
        GET n
        SET n -9223372036854775808
        DECR n
        DECRBY n 1
        INCRBY n -1
        INCRBY n 9223372036854775807
        SET n 1
        INCRBY n 9223372036854775807
        INCRBY n 9223372036854775806
        INCRBY n -9223372036854775808
        INCRBY n -9223372036854775808
        SET n -1
        INCRBY n -9223372036854775808
        INCRBY n -1
        GET n

        # DECRBY of the smallest integer cannot be negated
        DECRBY n -9223372036854775808
        EXISTS n
        SET n 5
        DECRBY n -9223372036854775808
        GET n
        SET n -1
        DECRBY n 9223372036854775807
        DECRBY n 1
        SET n -2
        DECRBY n 9223372036854775807
        GET n

        # counters keep the deadline
        SET n 10 EXAT 4102444800
        INCR n
        PEXPIRETIME n
        DECRBY n 3
        PEXPIRETIME n
        INCRBYFLOAT n 0.5
        PEXPIRETIME n
        GET n

        # INCRBYFLOAT basics and formatting
        INCRBYFLOAT f 10.5
        INCRBYFLOAT f 0.1
        INCRBYFLOAT f -5
        INCRBYFLOAT g 5.0e3
        INCRBYFLOAT h 1.5
        INCRBYFLOAT h -1.5
        GET h
        INCRBYFLOAT i -1.5e2
        INCRBYFLOAT i 3.0e-1
        SET j 3
        INCRBYFLOAT j 0
        INCRBYFLOAT j 1.25
        SET k "1.50"
        INCRBYFLOAT k 0
        INCRBYFLOAT l 1e30
        INCRBYFLOAT m 0.000000000000000001
        INCRBYFLOAT m 0.000000000000000009
        INCRBYFLOAT o -0.000000000000000001

        # INCRBYFLOAT errors change nothing
        SET f abc
        INCRBYFLOAT f 1
        GET f
        SET f 1
        INCRBYFLOAT f abc
        INCRBYFLOAT f inf
        INCRBYFLOAT f -inf
        INCRBYFLOAT f nan
        GET f
        SET f inf
        INCRBYFLOAT f 1
        INCRBYFLOAT f -inf
        SET f 1e4932
        INCRBYFLOAT f 1e4932
        GET f
        INCRBYFLOAT g 1e-5000
        EXISTS g
        """;

    static final String RANGES = """
        # GETRANGE with positive and negative indexes
        SET s "Hello World"
        GETRANGE s 0 4
        GETRANGE s 0 -1
        GETRANGE s -5 -1
        GETRANGE s -1 -5
        GETRANGE s 5 3
        GETRANGE s -100 100
        GETRANGE s -100 -50
        GETRANGE s 0 0
        GETRANGE s 10 10
        GETRANGE s 11 11
        GETRANGE s 100 200
        GETRANGE s -1 -1
        GETRANGE s 3 -100
        GETRANGE s -3 2
        GETRANGE s 6 -1
        GETRANGE s 0 9223372036854775807
        GETRANGE s -9223372036854775808 9223372036854775807
        GETRANGE s -9223372036854775808 -9223372036854775808
        GETRANGE s 9223372036854775807 9223372036854775807
        SUBSTR s 0 4
        SUBSTR s -3 -1
        SUBSTR s a 1

        # GETRANGE of missing and empty strings
        GETRANGE missing 0 -1
        GETRANGE missing 5 1
        SET e ""
        GETRANGE e 0 -1
        GETRANGE e 0 0
        GETRANGE e -1 -1
        GETRANGE missing a 1
        GETRANGE missing 0 b
        SET n 12345
        GETRANGE n 1 3
        GETRANGE n -2 -1

        # GETRANGE of binary values
        SET b "\\x00\\x01\\x02\\xff\\xfe"
        GETRANGE b 1 3
        GETRANGE b -2 -1

        # SETRANGE overwrites, extends and pads with zero bytes
        SET s "Hello World"
        SETRANGE s 6 Redis
        GET s
        SETRANGE s 0 J
        GET s
        SETRANGE s 15 tail
        GET s
        STRLEN s
        SETRANGE new 5 x
        GET new
        SETRANGE new2 0 abc
        GET new2
        SETRANGE b 2 "\\x00\\xff"
        GET b

        # SETRANGE with an empty patch
        SETRANGE missing 0 ""
        SETRANGE missing 100 ""
        EXISTS missing
        SET s hello
        SETRANGE s 100 ""
        SETRANGE s 0 ""
        GET s

        # SETRANGE errors
        SETRANGE s -1 x
        SETRANGE s -1 ""
        SETRANGE missing -1 x
        SETRANGE s abc x
        SETRANGE s 1.5 x
        SETRANGE s 536870912 x
        SETRANGE s 536870911 xx
        SETRANGE s 9223372036854775807 ab
        SETRANGE s 9223372036854775807 ""
        SETRANGE missing 536870912 x
        SETRANGE missing 9223372036854775807 ab
        EXISTS missing
        SET s hello
        GET s

        # SETRANGE keeps the deadline
        SET s hello PXAT 4102444800777
        SETRANGE s 1 a
        PEXPIRETIME s
        GET s
        """;

    static final String KEYS = """
        # DEL and UNLINK count keys that existed
        MSET a 1 b 2 c 3
        DEL a b missing
        DEL a
        DEL c c c
        UNLINK b
        MSET a 1 b 2
        UNLINK a b missing
        DBSIZE

        # EXISTS counts repeated keys
        MSET a 1 b 2
        EXISTS a
        EXISTS a a a
        EXISTS a b missing
        EXISTS missing
        EXISTS ""

        # TYPE
        SET a 1
        TYPE a
        TYPE missing
        SET "" ""
        TYPE ""

        # DBSIZE FLUSHALL FLUSHDB
        DBSIZE
        MSET a 1 b 2 c 3
        DBSIZE
        FLUSHALL
        DBSIZE
        MSET a 1 b 2
        FLUSHDB
        DBSIZE
        SET a 1
        FLUSHALL SYNC
        SET a 1
        FLUSHALL async
        SET a 1
        FLUSHDB sync
        SET a 1
        FLUSHDB ASYNC
        SET a 1
        FLUSHALL foo
        FLUSHALL SYNC ASYNC
        FLUSHDB foo
        FLUSHDB SYNC SYNC
        FLUSHALL "SYNC\\x00x"
        DBSIZE

        # RENAME
        SET a 1
        RENAME a b
        GET a
        GET b
        RENAME missing x
        RENAME b b
        RENAME missing missing
        GET b
        SET c 3
        RENAME b c
        GET c
        DBSIZE

        # RENAME keeps the deadline and replaces the destination's
        SET a 1 PXAT 4102444800555
        SET b 2 EX 100
        RENAME a b
        PEXPIRETIME b
        GET b
        SET c 3
        RENAME b c
        PEXPIRETIME c
        SET d 4 EXAT 4102444800
        RENAME c d
        PEXPIRETIME d

        # RENAMENX
        MSET a 1 b 2
        RENAMENX a b
        RENAMENX a c
        GET c
        EXISTS a
        RENAMENX c c
        RENAMENX missing x
        RENAMENX missing missing
        SET t 1 PXAT 4102444800321
        RENAMENX t u
        PEXPIRETIME u

        # RANDOMKEY
        RANDOMKEY
        SET a 1
        ?RANDOMKEY
        MSET b 2 c 3 d 4
        ?RANDOMKEY
        ?RANDOMKEY
        FLUSHALL
        RANDOMKEY

        # KEYS basic
        MSET one 1 two 2 three 3 four 4
        %KEYS *
        %KEYS t*
        %KEYS *o
        %KEYS ???
        %KEYS nothing
        %KEYS ""
        """;

    static final String EXPIRY = """
        # EXPIRE and TTL
        SET k v
        EXPIRE k 100
        ~TTL k
        ~PTTL k
        ~EXPIRETIME k
        ~PEXPIRETIME k
        EXPIRE missing 100
        TTL missing
        PTTL missing
        EXPIRETIME missing
        PEXPIRETIME missing
        SET p v
        TTL p
        PTTL p
        EXPIRETIME p
        PEXPIRETIME p

        # EXPIRE with zero or a negative time deletes the key
        SET k v
        EXPIRE k -1
        EXISTS k
        SET k v
        EXPIRE k 0
        GET k
        SET k v
        PEXPIRE k -100
        EXISTS k
        SET k v
        EXPIREAT k 1
        EXISTS k
        SET k v
        PEXPIREAT k 0
        EXISTS k
        SET k v
        EXPIREAT k -100
        EXISTS k
        SET k v
        PEXPIREAT k -9223372036854775808
        EXISTS k

        # PEXPIRE EXPIREAT PEXPIREAT
        SET k v
        PEXPIRE k 100000
        ~PTTL k
        EXPIREAT k 4102444800
        EXPIRETIME k
        PEXPIRETIME k
        PEXPIREAT k 4102444800123
        PEXPIRETIME k
        EXPIRETIME k
        PEXPIREAT k 4102444800499
        EXPIRETIME k
        PEXPIREAT k 4102444800500
        EXPIRETIME k
        PEXPIREAT k 9223372036854775807
        PEXPIRETIME k
        EXPIRETIME k

        # expire overflow is an invalid expire time
        SET k v
        EXPIRE k 9223372036854775807
        EXPIRE k -9223372036854775808
        EXPIRE k 9223372036854775
        EXPIRE k -9223372036854775
        EXISTS k
        SET k v
        PEXPIRE k 9223372036854775807
        PEXPIRE k 9223372036854775000
        EXPIREAT k 9223372036854775807
        EXPIREAT k 9223372036854776
        EXPIREAT k 9223372036854775
        PEXPIRETIME k
        PEXPIREAT k 9223372036854775807
        PEXPIRETIME k
        EXPIRE missing 9223372036854775807
        EXPIRE k abc
        EXPIRE k 1.5
        EXPIRE k ""
        PEXPIRE k 0x10

        # EXPIRE NX and XX
        SET k v
        EXPIRE k 100 XX
        TTL k
        EXPIRE k 100 NX
        ~TTL k
        EXPIRE k 200 NX
        ~TTL k
        EXPIRE k 300 XX
        ~TTL k
        EXPIRE k 400 xx
        ~TTL k
        EXPIRE k 400 nx
        EXPIRE missing 100 NX
        EXPIRE missing 100 XX

        # EXPIRE GT and LT
        SET k v
        EXPIRE k 100 GT
        TTL k
        EXPIRE k 100 LT
        ~TTL k
        EXPIRE k 200 GT
        ~TTL k
        EXPIRE k 150 GT
        ~TTL k
        EXPIRE k 50 LT
        ~TTL k
        EXPIRE k 70 LT
        ~TTL k
        PEXPIREAT k 4102444800000 GT
        PEXPIRETIME k
        PEXPIREAT k 4102444800000 GT
        PEXPIREAT k 4102444800000 LT
        PEXPIREAT k 4102444799999 LT
        PEXPIRETIME k
        EXPIRE k 100 XX GT
        ~TTL k
        EXPIRE k 1000 XX LT
        ~TTL k
        EXPIRE k 50 XX LT
        ~TTL k
        EXPIRE k 100 GT XX
        ~TTL k
        EXPIRE k 101 GT GT
        ~TTL k
        EXPIRE k -1 GT
        EXISTS k
        EXPIRE k -1 LT
        EXISTS k
        SET n v
        EXPIRE n -1 GT
        EXISTS n
        EXPIRE n -1 LT
        EXISTS n

        # EXPIRE options that cannot be combined
        SET k v
        EXPIRE k 100 NX XX
        EXPIRE k 100 XX NX
        EXPIRE k 100 NX GT
        EXPIRE k 100 NX LT
        EXPIRE k 100 LT NX
        EXPIRE k 100 GT LT
        EXPIRE k 100 LT GT
        EXPIRE k 100 NX GT LT
        EXPIRE k 100 XX GT LT
        EXPIRE k 100 FOO
        EXPIRE k 100 NX FOO
        EXPIRE k 100 FOO NX XX
        EXPIRE k 100 ""
        EXPIRE k abc FOO
        EXPIRE k abc NX XX
        EXPIRE k abc GT LT
        EXPIRE k abc NX
        EXPIRE missing 100 NX XX
        EXPIRE missing abc
        PEXPIRE k 100 nx xx
        EXPIREAT k 100 gt lt
        PEXPIREAT k 100 "bar baz"
        EXPIRE k 100 "a\\x00b"
        EXPIRE k 100 "NX\\x00junk"
        ~TTL k
        EXPIRE k 100 "X\\x00X"
        EXPIRE k 100 "a\\r\\nb"
        TTL k

        # PERSIST
        PERSIST missing
        SET k v
        PERSIST k
        EXPIRE k 100
        PERSIST k
        TTL k
        PERSIST k
        SET k v PXAT 4102444800000
        PERSIST k
        PEXPIRETIME k

        # TTL rounding of absolute deadlines
        SET k v PXAT 4102444800499
        EXPIRETIME k
        SET k v PXAT 4102444800500
        EXPIRETIME k
        SET k v PXAT 4102444800501
        EXPIRETIME k
        SET k v PXAT 4102444800999
        EXPIRETIME k

        # a key past its deadline is gone for readers
        SET k v PX 30
        SET keep v
        !sleep 80
        GET k
        EXISTS k
        TTL k
        PTTL k
        EXPIRETIME k
        TYPE k
        STRLEN k
        MGET k keep
        %KEYS *
        @SCAN 0
        GETRANGE k 0 -1

        # a key past its deadline is gone for writers
        SET k v PX 30
        SET a 5 PX 30
        SET b v PX 30
        SET c v PX 30
        SET d v PX 30
        SET e v PX 30
        SET f v PX 30
        SET g v PX 30
        SET h v PX 30
        SET i 1.5 PX 30
        SET j v PX 30
        SET l v PX 30
        !sleep 80
        INCRBYFLOAT i 1
        EXPIRE j 100 NX
        GETEX l
        GETEX l PERSIST
        RENAME keep_missing x
        SETNX k v2
        GET k
        INCR a
        APPEND b x
        GET b
        EXPIRE c 100
        PERSIST d
        RENAME e x
        GETDEL f
        SET g v2 XX
        MSETNX h 1
        GET h
        """;

    static final String GLOB = """
        # KEYS with ? and *
        MSET hello 1 hallo 2 hxllo 3 hllo 4 heeeello 5 h 6 xhello 7
        %KEYS h?llo
        %KEYS h*llo
        %KEYS h*
        %KEYS *llo
        %KEYS *
        %KEYS **
        %KEYS ?
        %KEYS ??
        %KEYS *?
        %KEYS ?*
        %KEYS h**o
        %KEYS *l*l*
        %KEYS *e*e*e*
        %KEYS h?*
        %KEYS *x*

        # KEYS with character classes
        MSET hello 1 hallo 2 hxllo 3 hbllo 4 "h-llo" 5 "h]llo" 6 "h^llo" 7 "h\\\\llo" 8
        %KEYS h[ae]llo
        %KEYS h[^e]llo
        %KEYS h[a-b]llo
        %KEYS h[b-a]llo
        %KEYS h[a-z]llo
        %KEYS h[^a-z]llo
        %KEYS h[-a]llo
        %KEYS h[a-]llo
        %KEYS h[]]llo
        %KEYS h[^]]llo
        %KEYS h[]llo
        %KEYS h[^]llo
        %KEYS h[\\]]llo
        %KEYS h[\\\\]llo
        %KEYS h[\\-]llo
        %KEYS h[x\\]llo
        %KEYS h[^^]llo
        %KEYS h[
        %KEYS h[a
        %KEYS h[a-
        %KEYS h[a-z
        %KEYS "h[a-z]ll[o"
        %KEYS [h]*
        %KEYS [^x]*

        # KEYS with escapes
        MSET "a*b" 1 "a?b" 2 "a[b" 3 "a]b" 4 "a\\\\b" 5 axb 6 ab 7 "a\\\\" 8
        %KEYS a\\*b
        %KEYS a\\?b
        %KEYS a\\[b
        %KEYS a\\]b
        %KEYS a\\\\b
        %KEYS a\\xb
        %KEYS a*b
        %KEYS a?b
        %KEYS a\\
        %KEYS a\\\\
        %KEYS \\a*
        %KEYS a[\\*]b
        %KEYS *\\*

        # KEYS matches the empty key only through the single star
        SET "" empty
        SET x 1
        %KEYS *
        %KEYS **
        %KEYS ?
        %KEYS ""
        %KEYS *?

        # KEYS on binary keys compares bytes as signed chars in ranges
        MSET b 1 "\\x80" 2 "\\xff" 3 "\\x00" 4 "\\x7f" 5 a 6
        %KEYS "[a-\\xff]"
        %KEYS "[\\x01-\\xff]"
        %KEYS "[\\x80-\\xff]"
        %KEYS "[\\xff-\\x80]"
        %KEYS "[\\x00-\\x7f]"
        %KEYS "[^\\x80-\\xff]"
        %KEYS "[\\x7f-\\x80]"
        %KEYS "\\xff"
        %KEYS "[\\xff]"
        %KEYS "?"
        %KEYS "\\x00"
        %KEYS "[\\x00]"
        %KEYS "*\\x00*"

        # KEYS pattern nesting limit
        SET aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1
        %KEYS *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b
        %KEYS *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a
        """;

    static final String SCAN = """
        # SCAN of an empty keyspace
        SCAN 0
        SCAN 0 COUNT 100
        SCAN 0 MATCH *
        SCAN 7
        SCAN 18446744073709551615
        SCAN ""
        SCAN -1
        SCAN +0
        SCAN -0
        SCAN 0 TYPE string

        # SCAN cursor errors
        SCAN abc
        SCAN " 0"
        SCAN "0 "
        SCAN 1.5
        SCAN 0x0
        SCAN 18446744073709551616
        SCAN 99999999999999999999
        SCAN -
        SCAN +
        SCAN "\\t0"
        SCAN "0\\x00junk"
        SCAN "\\x000"

        # SCAN option errors
        SCAN 0 COUNT 0
        SCAN 0 COUNT -1
        SCAN 0 COUNT abc
        SCAN 0 COUNT
        SCAN 0 MATCH
        SCAN 0 TYPE
        SCAN 0 FOO bar
        SCAN 0 COUNT 10 FOO
        SCAN 0 MATCH a COUNT
        SCAN 0 count 0
        SCAN abc COUNT 0
        SCAN 0 COUNT 9223372036854775808
        SCAN 0 "COUNT\\x00x" 5
        SCAN 0 COUNT 5 MATCH * TYPE string

        # SCAN iterations
        MSET k1 1 k2 2 k3 3 k4 4 k5 5 key6 6 other 7 "" 8 "bin\\x00key" 9
        @SCAN 0
        @SCAN 0 COUNT 1
        @SCAN 0 COUNT 2
        @SCAN 0 COUNT 1000
        @SCAN 0 MATCH k?
        @SCAN 0 MATCH k* COUNT 1
        @SCAN 0 MATCH *
        @SCAN 0 MATCH nothing
        @SCAN 0 TYPE string
        @SCAN 0 TYPE STRING
        @SCAN 0 TYPE list
        @SCAN 0 TYPE hash COUNT 3
        @SCAN 0 TYPE none
        @SCAN 0 TYPE ""
        @SCAN 0 MATCH k* TYPE string COUNT 2
        @SCAN 0 COUNT 3 COUNT 5
        @SCAN 0 MATCH x* MATCH k*
        @SCAN 0 TYPE list TYPE string
        @SCAN 0 TYPE "string\\x00x"
        @SCAN 0 COUNT 9223372036854775807
        """;
}

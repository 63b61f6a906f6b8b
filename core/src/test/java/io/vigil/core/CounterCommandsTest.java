package io.vigil.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vigil.core.CommandFixture.assertBulk;
import static io.vigil.core.CommandFixture.b;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CounterCommandsTest
{
    private static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    private static final String NOT_FLOAT = "ERR value is not a valid float";
    private static final String OVERFLOW = "ERR increment or decrement would overflow";
    private static final String NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";

    private final CommandFixture f = new CommandFixture();

    @AfterEach
    void close()
    {
        f.close();
    }

    @Test
    void shouldCountFromZeroForMissingKey()
    {
        assertEquals(1L, f.exec("INCR", "a"));
        assertEquals(-1L, f.exec("DECR", "b"));
        assertEquals(5L, f.exec("INCRBY", "c", "5"));
        assertEquals(-5L, f.exec("DECRBY", "d", "5"));
        assertBulk("5", f.exec("GET", "c"));
    }

    @Test
    void shouldIncrementAndDecrementByNegativeAmounts()
    {
        f.exec("SET", "n", "10");
        assertEquals(0L, f.exec("INCRBY", "n", "-10"));
        assertEquals(7L, f.exec("DECRBY", "n", "-7"));
        assertEquals(6L, f.exec("DECR", "n"));
    }

    @Test
    void shouldRejectStoredValuesThatAreNotCanonicalIntegers()
    {
        for (final String stored : List.of("abc", "", "1.5", " 1", "1 ", "+1", "-0", "007", "1e5", "0x10",
            "9223372036854775808", "1\0"))
        {
            f.exec(b("SET"), b("n"), b(stored));
            f.assertRejectedWithoutChange(NOT_INTEGER, "INCR", "n");
            f.assertRejectedWithoutChange(NOT_INTEGER, "DECRBY", "n", "1");
        }
    }

    @Test
    void shouldRejectIncrementsThatAreNotCanonicalIntegers()
    {
        f.exec("SET", "n", "1");
        for (final String increment : List.of("abc", "", "1.0", " 1", "+1", "-0", "007", "1e5", "0x10",
            "9223372036854775808", "-9223372036854775809", "12345678901234567890"))
        {
            f.assertRejectedWithoutChange(NOT_INTEGER, "INCRBY", "n", increment);
            f.assertRejectedWithoutChange(NOT_INTEGER, "DECRBY", "n", increment);
        }
    }

    @Test
    void shouldAcceptTheExtremeIntegers()
    {
        f.exec("SET", "n", "9223372036854775807");
        assertEquals(-1L, f.exec("INCRBY", "n", "-9223372036854775808"));
        assertEquals(Long.MIN_VALUE, f.exec("DECRBY", "n", "9223372036854775807"));
        assertBulk("-9223372036854775808", f.exec("GET", "n"));
    }

    @Test
    void shouldRejectIncrOverflowWithoutChangingTheValue()
    {
        f.exec("SET", "n", "9223372036854775807");
        f.assertRejectedWithoutChange(OVERFLOW, "INCR", "n");
        f.assertRejectedWithoutChange(OVERFLOW, "INCRBY", "n", "1");
        f.assertRejectedWithoutChange(OVERFLOW, "DECRBY", "n", "-1");
        f.exec("SET", "n", "-9223372036854775808");
        f.assertRejectedWithoutChange(OVERFLOW, "DECR", "n");
        f.assertRejectedWithoutChange(OVERFLOW, "INCRBY", "n", "-1");
        f.exec("SET", "n", "-2");
        f.assertRejectedWithoutChange(OVERFLOW, "DECRBY", "n", "9223372036854775807");
        assertBulk("-2", f.exec("GET", "n"));
    }

    @Test
    void shouldRejectDecrbyOfTheSmallestIntegerWhichCannotBeNegated()
    {
        f.assertRejectedWithoutChange("ERR decrement would overflow", "DECRBY", "n", "-9223372036854775808");
        f.exec("SET", "n", "5");
        f.assertRejectedWithoutChange("ERR decrement would overflow", "DECRBY", "n", "-9223372036854775808");
    }

    @Test
    void shouldKeepTheDeadlineOnIncrement()
    {
        f.exec("SET", "n", "1", "PXAT", "4102444800000");
        f.exec("INCR", "n");
        f.exec("INCRBYFLOAT", "n", "0.5");
        assertEquals(4102444800000L, f.exec("PEXPIRETIME", "n"));
        assertBulk("2.5", f.exec("GET", "n"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // INCRBYFLOAT.
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void shouldFormatIncrbyfloatResultsLikeRedis()
    {
        assertBulk("10.5", f.exec("INCRBYFLOAT", "a", "10.5"));
        assertBulk("10.6", f.exec("INCRBYFLOAT", "a", "0.1"));
        assertBulk("5000", f.exec("INCRBYFLOAT", "b", "5.0e3"));
        assertBulk("-150", f.exec("INCRBYFLOAT", "c", "-1.5e2"));
        assertBulk("0.5", f.exec("INCRBYFLOAT", "d", ".5"));
        assertBulk("5", f.exec("INCRBYFLOAT", "e", "5."));
        assertBulk("0", f.exec("INCRBYFLOAT", "g", "-0.0"));
        assertBulk("1.5", f.exec("INCRBYFLOAT", "h", "+1.5"));
    }

    @Test
    void shouldReproduceLongDoubleRoundingDigitForDigit()
    {
        f.exec("SET", "a", "0.1");
        assertBulk("-149.89999999999999999", f.exec("INCRBYFLOAT", "a", "-1.5e2"));
        assertBulk("1000000000000000000024696061952", f.exec("INCRBYFLOAT", "b", "1e30"));
        f.exec("SET", "c", "9223372036854775807");
        assertBulk("9223372036854775807.5", f.exec("INCRBYFLOAT", "c", ".5"));
        f.exec("SET", "d", "5.0e3");
        assertBulk("5000.10000000000000009", f.exec("INCRBYFLOAT", "d", "0.1"));
    }

    @Test
    void shouldPrintLargeValuesInFull()
    {
        final Object reply = f.exec("INCRBYFLOAT", "a", "1e400");
        final String digits = new String((byte[])reply, java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(401, digits.length());
        assertEquals("1000000000000000000028188068394758651458645343362905203862591069353968553400862986203936399484832416",
            digits.substring(0, 100));
    }

    @Test
    void shouldAcceptHexadecimalFloatsAsStrtoldDoes()
    {
        assertBulk("16", f.exec("INCRBYFLOAT", "a", "0x10"));
        assertBulk("24", f.exec("INCRBYFLOAT", "a", "0x1p3"));
        assertBulk("27", f.exec("INCRBYFLOAT", "a", "0X1.8P1"));
        f.exec("SET", "b", "0x.8");
        assertBulk("0.5", f.exec("INCRBYFLOAT", "b", "0"));
    }

    @Test
    void shouldRejectArgumentsStrtoldDoesNotFullyConsume()
    {
        f.exec("SET", "f", "1");
        for (final String bad : List.of("", " 1", "1 ", "abc", ".", "1e", "1e+", "e5", "0x", "0x1p", "infin", "nan",
            "-nan", "1_0", "1d", "1\0", "1e-5000", "1.2e4932", "1e99999999999"))
        {
            f.assertRejectedWithoutChange(NOT_FLOAT, b("INCRBYFLOAT"), b("f"), b(bad));
        }
    }

    @Test
    void shouldRejectAStoredValueThatIsNotAFloat()
    {
        f.exec("SET", "f", "abc");
        f.assertRejectedWithoutChange(NOT_FLOAT, "INCRBYFLOAT", "f", "1");
        f.exec("SET", "f", " 2");
        f.assertRejectedWithoutChange(NOT_FLOAT, "INCRBYFLOAT", "f", "1");
    }

    @Test
    void shouldRejectInfiniteResults()
    {
        f.exec("SET", "f", "1");
        f.assertRejectedWithoutChange(NAN_OR_INFINITY, "INCRBYFLOAT", "f", "inf");
        f.assertRejectedWithoutChange(NAN_OR_INFINITY, "INCRBYFLOAT", "f", "-Infinity");
        f.exec("SET", "f", "1e4932");
        f.assertRejectedWithoutChange(NAN_OR_INFINITY, "INCRBYFLOAT", "f", "1e4932");
        f.exec("SET", "f", "inf");
        f.assertRejectedWithoutChange(NAN_OR_INFINITY, "INCRBYFLOAT", "f", "-inf");
    }

    @Test
    void shouldAcceptSubnormalResultsThatDoNotUnderflowToZero()
    {
        assertBulk("0", f.exec("INCRBYFLOAT", "f", "1e-4940"));
        assertBulk("0", f.exec("INCRBYFLOAT", "g", "0e99999"));
    }

    @Test
    void shouldRoundTheSeventeenthDecimalHalfToEven()
    {
        // 2^-18 = 0.000003814697265625 exactly: a tie at the 18th decimal, kept digit even.
        assertBulk("0.00000381469726562", f.exec("INCRBYFLOAT", "f", "0x1p-18"));
        // 3 * 2^-18 = 0.000011444091796875 exactly: a tie, kept digit odd.
        assertBulk("0.00001144409179688", f.exec("INCRBYFLOAT", "g", "0x3p-18"));
        // 2^-55 = 0.0000000000000000277..., not a tie.
        assertBulk("0.00000000000000003", f.exec("INCRBYFLOAT", "h", "0x1p-55"));
        assertBulk("0", f.exec("INCRBYFLOAT", "i", "0x1p-60"));
    }
}

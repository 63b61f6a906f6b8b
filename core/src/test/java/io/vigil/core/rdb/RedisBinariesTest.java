package io.vigil.core.rdb;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisBinariesTest
{
    private static final String MISSING = "vigil-no-such-redis-binary";

    @Test
    void shouldSkipForAMissingBinaryExceptOnCiWhereItFails()
    {
        assertNull(RedisBinaries.find(MISSING));

        final Class<? extends Throwable> expected =
            RedisBinaries.isCi() ? AssertionFailedError.class : TestAbortedException.class;
        final Throwable thrown = assertThrows(expected, () -> RedisBinaries.require(MISSING));
        assertTrue(thrown.getMessage().contains(MISSING + " not found on PATH"), thrown.getMessage());
    }
}

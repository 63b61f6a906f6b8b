package io.vigil.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest
{
    private static boolean matches(final String pattern, final String string)
    {
        return Glob.matches(pattern.getBytes(StandardCharsets.ISO_8859_1), string.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void shouldMatchStarAndQuestionMark()
    {
        assertTrue(matches("h*o", "hello"));
        assertTrue(matches("h*o", "ho"));
        assertTrue(matches("h?llo", "hallo"));
        assertFalse(matches("h?llo", "hllo"));
        assertTrue(matches("*", "anything"));
        assertTrue(matches("a*", "a"));
        assertTrue(matches("a**", "a"));
        assertFalse(matches("*a", "ab"));
    }

    @Test
    void shouldMatchOnlyTheGivenLengthOfTheString()
    {
        final byte[] string = "abcdXYZ".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(Glob.matches(b("abcd"), string, 4));
        assertTrue(Glob.matches(b("a*d"), string, 4));
        assertTrue(Glob.matches(b("????"), string, 4));
        assertFalse(Glob.matches(b("abcdX"), string, 4));
        assertFalse(Glob.matches(b("*Z"), string, 4));
        assertFalse(Glob.matches(b("?????"), string, 4));
        assertTrue(Glob.matches(b(""), string, 0));
        assertFalse(Glob.matches(b("*"), string, 0));
        assertTrue(Glob.matches(b("*Z"), string, string.length));
    }

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void shouldMatchTheEmptyStringOnlyWithAnEmptyPattern()
    {
        assertTrue(matches("", ""));
        assertFalse(matches("*", ""));
        assertFalse(matches("?", ""));
        assertFalse(matches("", "a"));
    }

    @Test
    void shouldMatchClassesRangesAndNegation()
    {
        assertTrue(matches("[abc]", "b"));
        assertFalse(matches("[abc]", "d"));
        assertTrue(matches("[^abc]", "d"));
        assertFalse(matches("[^a]", "a"));
        assertTrue(matches("[a-z]", "q"));
        assertTrue(matches("[z-a]", "q"));
        assertFalse(matches("[a-z]", "Q"));
        assertTrue(matches("[-a]", "-"));
        // A '-' before the closing bracket still forms a range, here from ']' to 'a', leaving the class unterminated.
        assertFalse(matches("[a-]", "-"));
        assertTrue(matches("[a-]", "^"));
        // "[]" is an empty class that matches nothing; "[^]" matches any one byte.
        assertFalse(matches("[]]", "]"));
        assertTrue(matches("[^]]", "x]"));
        assertTrue(matches("[\\]]", "]"));
        assertTrue(matches("[\\-]", "-"));
        assertFalse(matches("[\\-]", "\\"));
    }

    @Test
    void shouldCloseAnUnterminatedClassAtTheEndOfThePattern()
    {
        assertTrue(matches("h[a", "ha"));
        assertFalse(matches("h[a", "hb"));
        assertTrue(matches("h[a-", "ha"));
        assertTrue(matches("h[a-", "h-"));
    }

    @Test
    void shouldMatchEscapedCharactersLiterally()
    {
        assertTrue(matches("a\\*b", "a*b"));
        assertFalse(matches("a\\*b", "axb"));
        assertTrue(matches("a\\?", "a?"));
        assertTrue(matches("\\[x]", "[x]"));
        assertTrue(matches("a\\", "a\\"));
        assertTrue(matches("\\a", "a"));
    }

    @Test
    void shouldCompareRangeBoundsAsSignedChars()
    {
        assertFalse(matches("[a-\u00ff]", "b"), "\\xff is -1, so the range is [-1, 'a']");
        assertTrue(matches("[a-\u00ff]", "\u00ff"));
        assertTrue(matches("[a-\u00ff]", "\u0001"));
        assertTrue(matches("[\u0080-\u00ff]", "\u0090"));
        assertFalse(matches("[\u0001-\u00ff]", "b"));
        assertTrue(matches("[^\u0080-\u00ff]", "a"));
        assertTrue(matches("\u00ff", "\u00ff"));
    }

    @Test
    void shouldGiveUpOnPatternsNestedDeeperThanAThousandStars()
    {
        final String key = "a".repeat(1200);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        {
            assertTrue(matches("*a".repeat(900), key));
            assertFalse(matches("*a".repeat(1100), key));
        });
    }

    @Test
    void shouldNotTakeExponentialTimeOnRepeatedStars()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        {
            assertFalse(matches("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(300)));
            assertTrue(matches("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a", "a".repeat(300)));
        });
    }
}

package io.vigil.examples;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds Redis executables ({@code redis-server}, {@code redis-cli}, {@code redis-check-rdb}) on the {@code PATH} for
 * interoperability tests.
 * <p>
 * When one is missing the calling test is skipped with the reason shown, except when the environment variable
 * {@code CI} is {@code true}: there a missing binary is a broken setup and the test fails instead. On Debian the
 * binaries come from {@code apt-get install redis-server redis-tools}.
 * <p>
 * Self-contained so it can be copied to other modules' tests. This class is stateless and threadsafe.
 */
final class RedisBinaries
{
    private RedisBinaries()
    {
    }

    /**
     * Locate executables, or skip (fail on CI) the current test if any is missing.
     *
     * @param names executable names such as {@code "redis-server"}.
     * @return their paths, in the order of {@code names}.
     */
    static Path[] require(final String... names)
    {
        final Path[] paths = new Path[names.length];
        for (int i = 0; i < names.length; i++)
        {
            paths[i] = find(names[i]);
            if (paths[i] == null)
            {
                final String reason = names[i] + " not found on PATH; install it with " +
                    "'apt-get install -y redis-server redis-tools' to run this Redis interoperability test";
                if (isCi())
                {
                    Assertions.fail("CI=true and " + reason);
                }
                // Surefire's console shows only a count of skipped tests, so say why here too.
                System.err.println("Skipping Redis interoperability test: " + reason);
                Assumptions.abort(reason);
            }
        }
        return paths;
    }

    /**
     * @param name executable name.
     * @return its path on the {@code PATH}, or null if absent.
     */
    static Path find(final String name)
    {
        final String pathVariable = System.getenv("PATH");
        if (pathVariable == null)
        {
            return null;
        }

        for (final String dir : pathVariable.split(File.pathSeparator))
        {
            if (!dir.isEmpty())
            {
                final Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /**
     * @return true when running on CI, where missing prerequisites must fail rather than skip.
     */
    static boolean isCi()
    {
        return "true".equalsIgnoreCase(String.valueOf(System.getenv("CI")).trim());
    }
}

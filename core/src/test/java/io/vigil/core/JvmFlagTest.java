package io.vigil.core;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store started in a JVM without agrona's flag fails at once with a message naming the flag; with it, it starts.
 */
class JvmFlagTest
{
    /**
     * Entry point of the child JVM.
     *
     * @param args unused.
     */
    public static void main(final String[] args)
    {
        try (VigilStore store = VigilStore.start(StoreConfig.defaults()))
        {
            store.set("k", "v");
            System.out.println("started: " + store.get("k"));
        }
        catch (final IllegalStateException ex)
        {
            System.out.println(ex.getMessage());
            System.exit(3);
        }
    }

    private static String run(final int expectedExit, final String... jvmFlags) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmFlags));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JvmFlagTest.class.getName());
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output;
        try (InputStream in = process.getInputStream())
        {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "child JVM did not exit");
        assertEquals(expectedExit, process.exitValue(), output);
        return output;
    }

    @Test
    void shouldFailAtOnceNamingTheFlagWhenItIsMissing() throws Exception
    {
        final String output = run(3);
        assertTrue(output.contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"), output);
    }

    @Test
    void shouldStartWithTheFlag() throws Exception
    {
        final String output = run(0, VigilStore.REQUIRED_JVM_FLAG);
        assertTrue(output.contains("started: v"), output);
    }
}

package io.vigil.benchmarks;

/**
 * The JVM options every benchmark fork runs with, Vigil's and its anchor's alike.
 * <p>
 * The heap starts at its final size, a quarter of the machine's memory (the JVM's default maximum), and is touched
 * in full before the benchmark starts. Without that, a fork spends its first half minute growing its heap, and the
 * first write to each new page traps into the kernel to have it zeroed: on 2026-12-07 async-profiler found page faults
 * in 25% of all CPU samples of {@code KeyspaceBenchmark.putVigil} under Java 17's G1, and the run-to-run spread of
 * that benchmark went from ±490 to ±40 ns/op with the options below. A long-running process has long since grown its
 * heap; the options make a fork of a few seconds measure that steady state (benchmarks/README.md, "The JVM and the
 * collector").
 */
final class ForkOptions
{
    /** Needed by agrona 2.x on Java 17 and later. */
    static final String AGRONA = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Initial heap: the same as the maximum. */
    static final String HEAP_INITIAL = "-XX:InitialRAMPercentage=25";
    /** Maximum heap: the JVM's default on a machine with more than 2 GB. */
    static final String HEAP_MAX = "-XX:MaxRAMPercentage=25";
    /** Touch every page of the heap at startup. */
    static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

    private ForkOptions()
    {
    }
}

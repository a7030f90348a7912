package org.openrouterproxy.bench;

/** Constants shared by the load generator and the JMH benchmarks. */
public final class BenchInfo {
    /** The model the default benchmark body targets, so the cache transform runs. */
    public static final String DEFAULT_MODEL = "anthropic/claude-sonnet-4.5";

    /** Content chunks the fake upstream streams in the streaming benchmark (issue 3: 64 chunks 20 ms apart). */
    public static final int STREAM_CHUNKS = 64;

    private BenchInfo() {
    }

    /**
     * Data events in one complete stream of the fake upstream with {@code contentChunks} content chunks: those,
     * the chunk carrying {@code finish_reason}, and the usage chunk ({@code [DONE]} is not counted).
     */
    public static int mockDataEvents(int contentChunks) {
        return contentChunks + 2;
    }
}

package org.openrouterproxy.bench;

/** Constants shared by the load generator and the JMH benchmarks. */
public final class BenchInfo {
    /** The model the default benchmark body targets, so the cache transform runs. */
    public static final String DEFAULT_MODEL = "anthropic/claude-sonnet-4.5";

    private BenchInfo() {
    }
}

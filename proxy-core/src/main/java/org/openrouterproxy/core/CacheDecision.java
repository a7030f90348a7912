package org.openrouterproxy.core;

/** What the rewriter did with a request; sent back as {@code X-Proxy-Cache-Control: injected|skipped}. */
public enum CacheDecision {
    INJECTED, SKIPPED;

    /** The header spelling: {@code injected} or {@code skipped}. */
    public String headerValue() {
        return this == INJECTED ? "injected" : "skipped";
    }
}

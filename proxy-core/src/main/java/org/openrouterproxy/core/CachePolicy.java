package org.openrouterproxy.core;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which models get cache markers ({@code PROXY_CACHE_MODELS} globs), with what TTL ({@code PROXY_CACHE_TTL}:
 * {@code 5m} default, or {@code 1h}) and where ({@link CacheStrategy}). Globs are compiled once, here.
 * Immutable; value semantics like a record.
 */
public final class CachePolicy {
    public static final List<String> DEFAULT_MODELS = List.of("anthropic/*", "google/gemini*", "qwen/*");

    private final List<String> modelGlobs;
    private final CacheStrategy strategy;
    private final String ttl;
    private final boolean matchesAll;
    private final List<Pattern> patterns;

    /** Throws {@link IllegalArgumentException} on a TTL other than {@code 5m}/{@code 1h} (null means 5m). */
    public CachePolicy(List<String> modelGlobs, CacheStrategy strategy, String ttl) {
        this.modelGlobs = List.copyOf(modelGlobs);
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        if (ttl != null && !ttl.equals("5m") && !ttl.equals("1h")) {
            throw new IllegalArgumentException("PROXY_CACHE_TTL must be 5m or 1h; got '" + ttl + "'");
        }
        this.ttl = ttl;
        this.matchesAll = this.modelGlobs.stream().anyMatch(g -> g.strip().equals("*"));
        this.patterns = this.modelGlobs.stream().map(CachePolicy::compile).toList();
    }

    /** The defaults: Anthropic, Gemini and Qwen; last message; 5-minute TTL. */
    public static CachePolicy defaults() {
        return new CachePolicy(DEFAULT_MODELS, CacheStrategy.LAST_MESSAGE, "5m");
    }

    public List<String> modelGlobs() {
        return modelGlobs;
    }

    public CacheStrategy strategy() {
        return strategy;
    }

    public String ttl() {
        return ttl;
    }

    /** True when the 1-hour TTL is configured, so markers carry {@code "ttl":"1h"}. */
    public boolean oneHour() {
        return "1h".equals(ttl);
    }

    /** True when this model takes explicit markers under this policy. A null model never does. */
    public boolean appliesTo(String model) {
        if (model == null || strategy == CacheStrategy.OFF) {
            return false;
        }
        if (matchesAll) {
            return true;
        }
        for (Pattern p : patterns) {
            if (p.matcher(model).matches()) {
                return true;
            }
        }
        return false;
    }

    static boolean globMatches(String glob, String model) {
        return compile(glob).matcher(model).matches();
    }

    /** A case-insensitive regex for a glob where {@code *} is any run of characters; surrounding blanks ignored. */
    private static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        String[] pieces = glob.strip().split("\\*", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            if (!pieces[i].isEmpty()) {
                re.append(Pattern.quote(pieces[i]));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CachePolicy p && modelGlobs.equals(p.modelGlobs) && strategy == p.strategy
                && Objects.equals(ttl, p.ttl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelGlobs, strategy, ttl);
    }

    @Override
    public String toString() {
        return "CachePolicy[modelGlobs=" + modelGlobs + ", strategy=" + strategy + ", ttl=" + ttl + "]";
    }
}

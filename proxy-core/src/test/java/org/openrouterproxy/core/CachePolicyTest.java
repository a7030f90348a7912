package org.openrouterproxy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class CachePolicyTest {
    @Test
    void defaultGlobsSelectExplicitMarkerModels() {
        CachePolicy p = CachePolicy.defaults();
        assertThat(p.appliesTo("anthropic/claude-sonnet-4.5")).isTrue();
        assertThat(p.appliesTo("google/gemini-2.5-pro")).isTrue();
        assertThat(p.appliesTo("qwen/qwen3-coder")).isTrue();
        assertThat(p.appliesTo("openai/gpt-4o")).isFalse();
        assertThat(p.appliesTo("google/gemma-3")).isFalse();
        assertThat(p.appliesTo(null)).isFalse();
    }

    @Test
    void starMatchesEveryModelAndOffMatchesNone() {
        assertThat(new CachePolicy(List.of("*"), CacheStrategy.LAST_MESSAGE, "5m").appliesTo("openai/gpt-4o")).isTrue();
        assertThat(new CachePolicy(List.of("*"), CacheStrategy.OFF, "5m").appliesTo("anthropic/x")).isFalse();
    }

    @Test
    void rejectsUnknownTtlAndStrategy() {
        assertThatThrownBy(() -> new CachePolicy(List.of(), CacheStrategy.OFF, "2h"))
                .hasMessageContaining("PROXY_CACHE_TTL");
        assertThatThrownBy(() -> CacheStrategy.parse("first"))
                .hasMessageContaining("last-message");
    }

    @Test
    void globsAreCaseInsensitiveTrimmedAndMatchWholeIds() {
        CachePolicy p = new CachePolicy(List.of(" Anthropic/* ", "*-coder", "x.y/z"), CacheStrategy.LAST_MESSAGE, null);
        assertThat(p.appliesTo("anthropic/claude")).isTrue();
        assertThat(p.appliesTo("qwen/qwen3-coder")).isTrue();
        assertThat(p.appliesTo("qwen/qwen3-coder-plus")).isFalse();
        assertThat(p.appliesTo("x.y/z")).isTrue();
        assertThat(p.appliesTo("xzy/z")).as("dots are literal").isFalse();
        assertThat(p.appliesTo("my-anthropic/claude")).isFalse();
        assertThat(p.oneHour()).isFalse();
    }

    @Test
    void keepsValueSemantics() {
        CachePolicy a = new CachePolicy(List.of("a/*"), CacheStrategy.SYSTEM_AND_LAST, "1h");
        CachePolicy b = new CachePolicy(List.of("a/*"), CacheStrategy.SYSTEM_AND_LAST, "1h");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.modelGlobs()).containsExactly("a/*");
        assertThat(a.strategy()).isEqualTo(CacheStrategy.SYSTEM_AND_LAST);
        assertThat(a.ttl()).isEqualTo("1h");
        assertThat(a.oneHour()).isTrue();
        assertThat(CachePolicy.defaults()).isNotEqualTo(a);
    }
}

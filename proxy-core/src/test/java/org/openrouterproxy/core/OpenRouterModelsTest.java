package org.openrouterproxy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OpenRouterModelsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String UPSTREAM = """
            {"data":[
              {"id":"anthropic/claude-sonnet-4.5","canonical_slug":"anthropic/claude-sonnet-4.5-20250929",
               "name":"Anthropic: Claude Sonnet 4.5","created":1759161676,"context_length":1000000,
               "pricing":{"prompt":"0.000003","completion":"0.000015","input_cache_read":"0.0000003"},
               "supported_parameters":["tools","max_tokens"]},
              {"id":"openrouter/auto","name":"Auto Router","created":1699401600},
              {"id":"plain","name":"No slash"}
            ],"total_count":3}
            """;

    @Test
    void mapsTheListToOpenAiShapeKeepingUpstreamFields() throws Exception {
        JsonNode out = MAPPER.readTree(OpenRouterModels.toOpenAiList(bytes(UPSTREAM)));
        JsonNode expected = MAPPER.readTree("""
                {"object":"list","data":[
                  {"id":"anthropic/claude-sonnet-4.5","object":"model","created":1759161676,"owned_by":"anthropic",
                   "canonical_slug":"anthropic/claude-sonnet-4.5-20250929","name":"Anthropic: Claude Sonnet 4.5",
                   "context_length":1000000,
                   "pricing":{"prompt":"0.000003","completion":"0.000015","input_cache_read":"0.0000003"},
                   "supported_parameters":["tools","max_tokens"]},
                  {"id":"openrouter/auto","object":"model","created":1699401600,"owned_by":"openrouter",
                   "name":"Auto Router"},
                  {"id":"plain","object":"model","created":0,"owned_by":"openrouter","name":"No slash"}
                ]}
                """);
        assertThat(out).isEqualTo(expected);
        assertThat(out.get("data").get(0).fieldNames().next()).isEqualTo("id");
    }

    @Test
    void findsOneModelById() throws Exception {
        JsonNode one = MAPPER.readTree(OpenRouterModels.toOpenAiModel(bytes(UPSTREAM), "openrouter/auto"));
        assertThat(one).isEqualTo(MAPPER.readTree("""
                {"id":"openrouter/auto","object":"model","created":1699401600,"owned_by":"openrouter",
                 "name":"Auto Router"}
                """));
        assertThat(OpenRouterModels.toOpenAiModel(bytes(UPSTREAM), "nope/none")).isNull();
        assertThat(OpenRouterModels.toOpenAiModel(bytes(UPSTREAM), null)).isNull();
        assertThat(MAPPER.readTree(OpenRouterModels.toOpenAiList(bytes("{\"data\":[]}"))))
                .isEqualTo(MAPPER.readTree("{\"object\":\"list\",\"data\":[]}"));
    }

    @Test
    void rejectsBodiesThatAreNotAModelsList() {
        for (String bad : new String[] {"", "nope", "[]", "{}", "{\"data\":{}}", "{\"data\":[1]}",
            "{\"data\":[{\"name\":\"no id\"}]}", "{\"data\":[{\"id\":7}]}", "{\"error\":{\"code\":500}}"}) {
            assertThatThrownBy(() -> OpenRouterModels.toOpenAiList(bytes(bad))).as(bad)
                    .isInstanceOfSatisfying(ProxyError.class, e -> {
                        assertThat(e.status()).isEqualTo(502);
                        assertThat(e.type()).isEqualTo("upstream_error");
                        assertThat(e.code()).isEqualTo("bad_upstream_response");
                    });
            assertThatThrownBy(() -> OpenRouterModels.toOpenAiModel(bytes(bad), "x")).isInstanceOf(ProxyError.class);
        }
        assertThatThrownBy(() -> OpenRouterModels.toOpenAiList(null)).isInstanceOf(ProxyError.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

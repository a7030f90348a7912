package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK talks to the proxy as if it were OpenAI: JSON, streaming and error statuses. */
class OpenAiSdkTest {
    private static ProxyFixture f;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        f = ProxyFixture.withClientKeys();
        client = sdk(ProxyFixture.CLIENT_KEY);
    }

    @AfterAll
    static void stop() {
        client.close();
        f.close();
    }

    private static OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(f.proxy.baseUrl() + "/v1").apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    private static ChatCompletionCreateParams params(String model, String text) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(text).build();
    }

    @Test
    void chatCompletion() {
        ChatCompletion c = client.chat().completions().create(params("anthropic/claude-sonnet-4.5", "sdk json"));
        assertThat(c.choices().get(0).message().content()).contains("Mock reply to: sdk json");
        assertThat(c.usage()).hasValueSatisfying(u -> assertThat(u.promptTokens()).isPositive());
        assertThat(f.mock.lastRequestBody()).asString().contains("cache_control");
    }

    @Test
    void streamedChatCompletion() {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(params("openai/gpt-4o", "sdk stream"))) {
            stream.stream().forEach(chunk -> chunk.choices()
                    .forEach(ch -> ch.delta().content().ifPresent(text::append)));
        }
        assertThat(text.toString()).isEqualTo("Mock reply to: sdk stream");
    }

    @Test
    void errorStatusesBecomeSdkExceptions() {
        assertThatThrownBy(() -> client.chat().completions().create(params("mock/error-429", "x")))
                .isInstanceOf(RateLimitException.class);
        OpenAIClient wrongKey = sdk("wrong-key");
        try {
            assertThatThrownBy(() -> wrongKey.chat().completions().create(params("openai/gpt-4o", "x")))
                    .isInstanceOf(UnauthorizedException.class);
        } finally {
            wrongKey.close();
        }
    }

    @Test
    void streamingErrorStatusIsNotA200() {
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions()
                    .createStreaming(params("mock/error-500", "x"))) {
                s.stream().count();
            }
        }).isInstanceOf(com.openai.errors.InternalServerException.class);
    }
}

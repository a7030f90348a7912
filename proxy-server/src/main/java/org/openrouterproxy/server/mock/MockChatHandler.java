package org.openrouterproxy.server.mock;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code POST /api/v1/chat/completions} of the fake OpenRouter: JSON or SSE, error models, cache simulation. */
final class MockChatHandler {
    private final MockOptions options;
    private final PromptCacheSimulator cache;
    private final AtomicInteger openStreams;
    private final MockOpenRouter owner;

    MockChatHandler(MockOptions options, AtomicInteger openStreams, MockOpenRouter owner) {
        this.options = options;
        this.cache = new PromptCacheSimulator(options.cacheEntries(), options.minCacheTokens());
        this.openStreams = openStreams;
        this.owner = owner;
    }

    void handle(ServerRequest req, ServerResponse res, byte[] body, String upstreamKey) {
        MockChatRequest chat = MockChatRequest.parse(body);
        if (chat == null) {
            MockOpenRouter.sendError(res, 400, "Invalid request: body must be a JSON object with a messages array");
            return;
        }
        MockScenario scenario = MockScenario.of(chat.model, options);
        if (!sleep(options.latency().plus(scenario.extraLatency()))) {
            return;
        }
        if (scenario.isError()) {
            if (scenario.errorStatus() == 429 || scenario.errorStatus() == 503) {
                res.header(HeaderNames.RETRY_AFTER, "1");
            }
            MockOpenRouter.sendError(res, scenario.errorStatus(), MockReplies.errorMessage(scenario.errorStatus()));
            return;
        }
        String id = owner.nextGenerationId();
        String model = chat.model == null ? "mock/echo" : chat.model;
        long created = System.currentTimeMillis() / 1000;
        String answer = MockReplies.answer(chat.lastUserText);
        PromptCacheSimulator.Outcome cached = cache.account(upstreamKey, chat);
        String usage = MockReplies.usage(chat.promptTokens(), MockReplies.completionTokens(answer),
                cached.cachedTokens(), cached.writeTokens());
        res.header(MockOpenRouter.GENERATION_ID, id);
        if (!chat.stream) {
            if (scenario.midStreamError()) {
                MockOpenRouter.sendError(res, 502, "Provider disconnected (mock)");
                return;
            }
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(MockReplies.completion(id, model, created, answer, usage));
            return;
        }
        stream(res, scenario, MockReplies.chunkPrefix(id, model, created), answer, usage);
    }

    private void stream(ServerResponse res, MockScenario scenario, String prefix, String answer, String usage) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderValues.CACHE_NO_CACHE);
        openStreams.incrementAndGet();
        try (OutputStream out = res.outputStream()) {
            out.write(MockReplies.PROCESSING);
            out.flush();
            String[] pieces = MockReplies.split(answer, scenario.chunks());
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0 && !sleep(scenario.interval())) {
                    return;
                }
                out.write(MockReplies.contentChunk(prefix, pieces[i]));
                out.flush();
                if (scenario.midStreamError() && i == 0) {
                    out.write(MockReplies.midStreamError(prefix, 502, "Provider disconnected (mock)"));
                    return;
                }
                if (scenario.truncate() && i == 0) {
                    out.write(MockReplies.bytes(prefix + "[{\"index\":0,\"delta\":{\"content\":\"cut"));
                    return;
                }
            }
            out.write(MockReplies.finishChunk(prefix, "stop"));
            out.write(MockReplies.usageChunk(prefix, usage));
            out.write(MockReplies.DONE);
        } catch (java.io.IOException | UncheckedIOException e) {
            // the reader went away: nothing more to do
        } finally {
            openStreams.decrementAndGet();
        }
    }

    /** Sleeps; false when interrupted (server stopping). */
    static boolean sleep(Duration d) {
        if (d.isZero()) {
            return true;
        }
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.openrouterproxy.server.mock.MockOptions;

/**
 * Shared limits between two in-process proxies and one real redis-server, and what a Redis outage does: requests
 * keep being answered on local buckets without hanging, one log line per outage, {@code proxy_redis_errors_total},
 * readiness stays 200 with {@code "redis":"down"}, and shared limits come back when Redis does.
 */
class RedisOutageTest {
    private static final String PASSWORDLESS_KEYS = "redis-outage-key-0002";
    private final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private RedisProcess redis;
    private ProxyFixture a;
    private ProxyFixture b;

    @BeforeEach
    void start() throws Exception {
        Logger.getLogger(RedisLink.LOGGER).addHandler(capture);
        redis = RedisProcess.start();
        a = proxy(redis.url());
        b = proxy(redis.url());
    }

    @AfterEach
    void stop() throws Exception {
        Logger.getLogger(RedisLink.LOGGER).removeHandler(capture);
        for (AutoCloseable c : new AutoCloseable[] {a, b, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static ProxyFixture proxy(String url) {
        return new ProxyFixture(MockOptions.defaults(), s -> s.upstreamKey(UPSTREAM_KEY)
                .clientKeys(List.of(CLIENT_KEY, PASSWORDLESS_KEYS))
                .guard(GuardSettings.defaults().withRateLimits(4, Map.of()))
                .redis(new RedisSettings(url, Duration.ofMillis(50))));
    }

    private static int status(ProxyFixture f, String key) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(f.proxy.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(chat("openai/gpt-4o", "hi", false)));
        HttpResponse<String> res = f.http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 429) {
            assertThat(res.headers().firstValue("Retry-After")).isPresent();
        }
        return res.statusCode();
    }

    private static int allowedOf(int n, String key, ProxyFixture... proxies) throws Exception {
        int ok = 0;
        for (int i = 0; i < n; i++) {
            if (status(proxies[i % proxies.length], key) == 200) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void twoProxiesShareOneBucketPerClient() throws Exception {
        assertThat(allowedOf(12, CLIENT_KEY, a, b)).isEqualTo(4);
        assertThat(a.get("/health/ready", null).body()).contains("\"redis\":\"up\"");
        assertThat(a.get("/metrics", null).body()).contains("proxy_redis_errors_total 0").contains("proxy_redis_up 1");
    }

    @Test
    void anOutageFallsBackToLocalBucketsAndSharedLimitsResumeAfterIt() throws Exception {
        assertThat(allowedOf(2, CLIENT_KEY, a, b)).isEqualTo(2);
        redis.kill();
        long t0 = System.nanoTime();
        // local buckets: each proxy allows its own 4, so 8 of 12; nothing hangs
        assertThat(allowedOf(12, CLIENT_KEY, a, b)).isEqualTo(8);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        HttpResponse<String> ready = a.get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"").contains("\"redis\":\"down\"");
        assertThat(a.get("/metrics", null).body()).containsPattern("proxy_redis_errors_total [1-9]")
                .contains("proxy_redis_up 0");
        assertThat(warnings()).isEqualTo(2); // one per proxy, not one per request

        redis.startAgain();
        assertThat(Eventually.holds(() -> readyShows(a, "up") && readyShows(b, "up"), Duration.ofSeconds(10)))
                .isTrue();
        // Redis restarted empty: a fresh shared bucket of 4 for both proxies together
        assertThat(allowedOf(12, PASSWORDLESS_KEYS, a, b)).isEqualTo(4);
        assertThat(warnings()).isEqualTo(2);
        assertThat(logged.stream().filter(r -> r.getLevel() == Level.INFO
                && r.getMessage().contains("answers again")).count()).isEqualTo(2);
    }

    @Test
    void theModelsListFetchedByOneReplicaIsServedByTheOther() throws Exception {
        long upstreamCallsBefore = a.mock.requestCount() + b.mock.requestCount();
        HttpResponse<String> first = a.get("/v1/models", CLIENT_KEY);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(a.mock.requestCount() + b.mock.requestCount()).isEqualTo(upstreamCallsBefore + 1);
        long ttl = Long.parseLong(redis.command("PTTL orp:models:openai").substring(1));
        assertThat(ttl).isBetween(1L, ProxySettings.DEFAULT_MODELS_CACHE_TTL.toMillis());
        HttpResponse<String> second = b.get("/v1/models", CLIENT_KEY);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(ProxyFixture.json(second.body())).isEqualTo(ProxyFixture.json(first.body()));
        assertThat(b.get("/v1/models/openai/gpt-4o", CLIENT_KEY).statusCode()).isEqualTo(200);
        // b answered from Redis: its upstream saw no models request
        assertThat(a.mock.requestCount() + b.mock.requestCount()).isEqualTo(upstreamCallsBefore + 1);
    }

    @Test
    void theProxyStartsAndServesWhileRedisIsDown() throws Exception {
        int dead = RedisProcess.freePort();
        try (ProxyFixture down = proxy("redis://:not-logged-pw@127.0.0.1:" + dead + "/0")) {
            assertThat(down.get("/health/ready", null).body()).contains("\"redis\":\"down\"");
            assertThat(allowedOf(6, CLIENT_KEY, down)).isEqualTo(4);
            assertThat(down.proxy.settings().describeMasked()).doesNotContain("not-logged-pw")
                    .contains("password set, masked");
            assertThat(logged).allSatisfy(r -> assertThat(r.getMessage()).doesNotContain("not-logged-pw"));
        }
    }

    private long warnings() {
        return logged.stream().filter(r -> r.getLevel() == Level.WARNING).count();
    }

    private static boolean readyShows(ProxyFixture f, String state) {
        try {
            return f.get("/health/ready", null).body().contains("\"redis\":\"" + state + "\"");
        } catch (Exception e) {
            return false;
        }
    }
}

package org.openrouterproxy.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openrouterproxy.server.AsyncLogHandler;
import org.openrouterproxy.server.GuardKeys;
import org.openrouterproxy.server.ProxyServer;
import org.openrouterproxy.server.ProxySettings;
import org.openrouterproxy.server.RedisSettings;
import org.openrouterproxy.server.mock.MockOpenRouter;
import org.openrouterproxy.server.mock.MockOptions;
import org.openrouterproxy.server.usage.UsageDb;

/**
 * Entry point of the child JVMs that {@code proxy bench} starts (also handy in scripts): runs the fake upstream or
 * the proxy, prints {@code LISTENING <port>} on stdout, and stops when its stdin closes (so it never outlives the
 * parent).
 *
 * <pre>
 * java -cp proxy-cli.jar org.openrouterproxy.bench.TargetMain mock  PORT CHUNKS CHUNK_INTERVAL_MS LATENCY_MS
 * java -cp proxy-cli.jar org.openrouterproxy.bench.TargetMain proxy PORT UPSTREAM_BASE_URL ACCESS_LOG(true|false)
 *      [USAGE_DB|off]
 * </pre>
 */
public final class TargetMain {
    /** The key the embedded proxy accepts from the load generator. */
    public static final String CLIENT_KEY = "sk-proxy-bench";
    /** The key the embedded proxy sends to the fake upstream (which accepts any bearer token). */
    public static final String UPSTREAM_KEY = "sk-or-bench-not-a-real-key";

    private TargetMain() {
    }

    public static void main(String[] args) throws IOException {
        AutoCloseable target = switch (args.length > 0 ? args[0] : "") {
            case "mock" -> startMock(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    Duration.ofMillis(Long.parseLong(args[3])), Duration.ofMillis(Long.parseLong(args[4])));
            case "proxy" -> {
                ProxyServer proxy = startProxy(Integer.parseInt(args[1]), args[2], Boolean.parseBoolean(args[3]),
                        args.length > 4 ? args[4] : "off");
                if (Boolean.parseBoolean(args[3])) {
                    AsyncLogHandler.installOnStderr("org.openrouterproxy.access", false);  // as proxy serve does
                }
                yield proxy;
            }
            default -> {
                System.err.println("usage: TargetMain mock PORT CHUNKS INTERVAL_MS LATENCY_MS"
                        + " | proxy PORT UPSTREAM_BASE_URL ACCESS_LOG [USAGE_DB|off]");
                System.exit(2);
                yield null;
            }
        };
        int port = target instanceof MockOpenRouter m ? m.port() : ((ProxyServer) target).port();
        System.out.println("LISTENING " + port);
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our stdin (or die)
        }
        try {
            target.close();
        } catch (Exception e) {
            // exiting anyway
        }
        System.exit(0);
    }

    /** Starts the fake upstream. */
    public static MockOpenRouter startMock(int port, int chunks, Duration chunkInterval, Duration latency) {
        return MockOpenRouter.start(MockOptions.defaults().withPort(port).withChunks(chunks)
                .withChunkInterval(chunkInterval).withLatency(latency));
    }

    /** The settings the embedded proxy takes from the environment: rate limits and the Redis that shares them. */
    public static final List<String> FROM_ENV = List.of(GuardKeys.RATE_LIMIT_RPM, GuardKeys.RATE_LIMITS,
            RedisSettings.URL_KEY, RedisSettings.TIMEOUT_KEY);

    /**
     * Starts the proxy in front of {@code upstreamBaseUrl}, with a client key, as a careful user would run it;
     * {@code usageDb} is its usage ledger ({@code off}, or a SQLite file the caller owns, as {@code PROXY_USAGE_DB}).
     * The {@link #FROM_ENV} keys come from the environment, e.g. {@code PROXY_REDIS_URL=redis://127.0.0.1:6379
     * PROXY_RATE_LIMIT_RPM=100000000} to measure what the shared rate limit costs per request.
     */
    public static ProxyServer startProxy(int port, String upstreamBaseUrl, boolean accessLog, String usageDb) {
        Map<String, String> env = new HashMap<>();
        for (String k : FROM_ENV) {
            String v = System.getenv(k);
            if (v != null) {
                env.put(k, v);
            }
        }
        ProxySettings limits = ProxySettings.load(Map.of(), env, Path.of("/nonexistent-proxy-bench-dir"));
        return ProxyServer.start(ProxySettings.builder().host("127.0.0.1").port(port).baseUrl(upstreamBaseUrl)
                .upstreamKey(UPSTREAM_KEY).clientKeys(List.of(CLIENT_KEY)).guard(limits.guard())
                .redis(limits.redis()).accessLog(accessLog)
                .usageDb(UsageDb.parse(usageDb, Path.of("").toAbsolutePath())).build());
    }
}

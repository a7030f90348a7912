package org.openrouterproxy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.openrouterproxy.server.GuardSettings;
import org.openrouterproxy.server.ProxyServer;
import org.openrouterproxy.server.ProxySettings;
import org.openrouterproxy.server.SettingKeys;
import org.openrouterproxy.server.mock.MockOpenRouter;
import org.openrouterproxy.server.mock.MockOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code proxy serve}: runs the proxy until SIGTERM/SIGINT, then drains it (readiness DOWN, new requests 503,
 * running requests get {@code PROXY_SHUTDOWN_GRACE}) and exits 0. Settings: flags &gt; environment &gt; {@code .env}
 * &gt; {@code --config} YAML &gt; defaults. {@code --mock-upstream} starts the fake OpenRouter in-process for an
 * offline demo. Keys are only read from the environment, {@code .env} or the YAML file, never from flags.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the OpenAI-compatible proxy in front of OpenRouter.")
public final class ServeCommand implements Callable<Integer> {
    /** Upstream key used with --mock-upstream when none is configured: the fake OpenRouter accepts any key. */
    static final String MOCK_PLACEHOLDER_KEY = "sk-or-mock-placeholder";

    @Spec
    CommandSpec spec;

    @Option(names = "--host", description = "Bind address (OPENAI_PROXY_HOST, default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port (OPENAI_PROXY_PORT, default 9998; 0 = any free port).")
    Integer port;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file with the same keys as the env vars.")
    String config;

    @Option(names = "--base-url", description = "Upstream base URL (OPENROUTER_BASE_URL).")
    String baseUrl;

    @Option(names = "--mock-upstream", description = "Start the built-in fake OpenRouter and use it as upstream.")
    boolean mockUpstream;

    @Option(names = "--allow-anonymous",
            description = "Serve OPENROUTER_API_KEY without client keys on a non-loopback bind (dangerous).")
    boolean allowAnonymous;

    @Option(names = "--cache-models", paramLabel = "GLOBS",
            description = "PROXY_CACHE_MODELS, e.g. 'anthropic/*,qwen/*'.")
    String cacheModels;

    @Option(names = "--cache-strategy", description = "PROXY_CACHE_STRATEGY: last-message, system-and-last, off.")
    String cacheStrategy;

    @Option(names = "--cache-ttl", description = "PROXY_CACHE_TTL: 5m or 1h.")
    String cacheTtl;

    @Option(names = "--models-cache-ttl", description = "PROXY_MODELS_CACHE_TTL, e.g. 5m.")
    String modelsCacheTtl;

    @Option(names = "--max-body", paramLabel = "SIZE", description = "PROXY_MAX_BODY_BYTES, e.g. 32MiB.")
    String maxBody;

    @Option(names = "--retries", paramLabel = "N",
            description = "PROXY_RETRIES: upstream retries for connect failures and 429/502/503/529 (default 2).")
    Integer retries;

    @Option(names = "--access-log", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "One log line per request (PROXY_ACCESS_LOG; default on).")
    boolean accessLog;

    /** Counted down by the shutdown hook (or a test) to stop the server. */
    final StopLatch stop = new StopLatch();
    /** Counted down once the server is closed, so the shutdown hook can let the JVM exit. */
    private final Map<String, String> env;
    private final Path workingDir;
    private final boolean configureLogging;

    public ServeCommand() {
        this(System.getenv(), Path.of("").toAbsolutePath(), true);
    }

    /** For tests: explicit environment and working directory, JVM-wide logging left alone. */
    ServeCommand(Map<String, String> env, Path workingDir) {
        this(env, workingDir, false);
    }

    private ServeCommand(Map<String, String> env, Path workingDir, boolean configureLogging) {
        this.env = env;
        this.workingDir = workingDir;
        this.configureLogging = configureLogging;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (configureLogging) {
            LogSetup.oneLineFormat();
        }
        MockOpenRouter mock = null;
        ProxyServer proxy = null;
        try {
            Map<String, String> flags = flags();
            if (mockUpstream) {
                try {
                    mock = MockOpenRouter.start(MockOptions.defaults());
                } catch (RuntimeException e) {
                    err.println("proxy serve: cannot start the fake OpenRouter on 127.0.0.1");
                    return ExitCodes.START_FAILED;
                }
                flags.put(SettingKeys.BASE_URL, mock.baseUrl());
            }
            ProxySettings settings;
            try {
                settings = load(flags);
            } catch (IllegalArgumentException e) {
                err.println("proxy serve: " + e.getMessage());
                return ExitCodes.CONFIG_ERROR;
            }
            out.println("openrouter-proxy configuration (secrets masked):");
            out.print(settings.describeMasked());
            if (mock != null) {
                out.println("  fake OpenRouter (--mock-upstream) at " + mock.baseUrl());
            }
            try {
                proxy = ProxyServer.start(settings);
            } catch (IllegalArgumentException e) {
                err.println("proxy serve: " + e.getMessage());
                return ExitCodes.CONFIG_ERROR;
            } catch (RuntimeException e) {
                err.println("proxy serve: cannot listen on " + settings.host() + ":" + settings.port()
                        + " (address in use or not available)");
                return ExitCodes.START_FAILED;
            }
            if (configureLogging && settings.guard().accessLogFormat() != GuardSettings.AccessLogFormat.OFF) {
                // after the start: Helidon may re-read the logging configuration while it starts
                LogSetup.accessLogOffThread(settings.guard().accessLogFormat() == GuardSettings.AccessLogFormat.JSON);
            }
            out.println("openrouter-proxy listening on " + proxy.baseUrl() + "  (OpenAI base URL: " + proxy.baseUrl()
                    + "/v1)");
            out.flush();
            awaitStop(settings.guard().shutdownGrace());
            out.println("openrouter-proxy draining: readiness DOWN, new requests refused, up to "
                    + settings.guard().shutdownGrace().toSeconds() + " s for running requests");
            out.flush();
            ProxyServer draining = proxy;
            proxy = null;
            draining.shutdown(settings.guard().shutdownGrace());
            out.println("openrouter-proxy stopped");
            out.flush();
            return ExitCodes.OK;
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            if (mock != null) {
                mock.close();
            }
            stop.markStopped();
        }
    }

    private ProxySettings load(Map<String, String> flags) {
        if (!mockUpstream) {
            return ProxySettings.load(flags, env, workingDir);
        }
        ProxySettings s;
        try {
            s = ProxySettings.load(flags, env, workingDir);
            if (s.upstreamKey() != null) {
                return s;
            }
        } catch (IllegalArgumentException e) {
            // retried below with the placeholder key; a different problem fails again with its own message
        }
        Map<String, String> withKey = new HashMap<>(flags);
        withKey.put(SettingKeys.UPSTREAM_KEY, MOCK_PLACEHOLDER_KEY);
        return ProxySettings.load(withKey, env, workingDir);
    }

    Map<String, String> flags() {
        Map<String, String> f = new HashMap<>();
        put(f, SettingKeys.HOST, host);
        put(f, SettingKeys.PORT, port == null ? null : port.toString());
        put(f, "config", config);
        put(f, SettingKeys.BASE_URL, baseUrl);
        put(f, SettingKeys.ALLOW_ANONYMOUS, allowAnonymous ? "true" : null);
        put(f, SettingKeys.CACHE_MODELS, cacheModels);
        put(f, SettingKeys.CACHE_STRATEGY, cacheStrategy);
        put(f, SettingKeys.CACHE_TTL, cacheTtl);
        put(f, SettingKeys.MODELS_CACHE_TTL, modelsCacheTtl);
        put(f, SettingKeys.MAX_BODY_BYTES, maxBody);
        put(f, SettingKeys.RETRIES, retries == null ? null : retries.toString());
        put(f, SettingKeys.ACCESS_LOG, accessLog ? null : "false");
        return f;
    }

    private static void put(Map<String, String> f, String key, String value) {
        if (value != null) {
            f.put(key, value);
        }
    }

    private void awaitStop(java.time.Duration grace) {
        if (configureLogging) {
            TermSignals.handle(stop::requestStop);
        }
        stop.await("proxy-serve-shutdown", grace);
    }
}

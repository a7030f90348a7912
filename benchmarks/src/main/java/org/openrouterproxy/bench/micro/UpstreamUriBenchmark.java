package org.openrouterproxy.bench.micro;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.helidon.common.uri.UriEncoding;
import io.helidon.webclient.api.ClientUri;

/**
 * The upstream URI of a chat call, up to the point where the client request holds it (a {@code ClientUri} resolved
 * against the client's base, as {@code ClientRequestBase.uri(...)} does): {@code before}, what {@code uri(String)}
 * did per request (encode, parse, take the URI apart); {@code cachedUri}, the transport's per-path cache of the
 * parsed {@link URI} (the client still takes it apart per request); {@code cachedClientUri}, the per-path cache of
 * the client's own form, which the request copies field by field (now).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class UpstreamUriBenchmark {
    private static final String BASE = "https://openrouter.ai/api/v1";
    private static final String PATH = "/chat/completions";

    private final ConcurrentHashMap<String, URI> uris = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ClientUri> clientUris = new ConcurrentHashMap<>();

    @Benchmark
    public ClientUri before() {
        return ClientUri.create().resolve(URI.create(UriEncoding.encodeUri(BASE + PATH)));
    }

    @Benchmark
    public ClientUri cachedUri() {
        URI u = uris.get(PATH);
        if (u == null) {
            u = URI.create(UriEncoding.encodeUri(BASE + PATH));
            uris.putIfAbsent(PATH, u);
        }
        return ClientUri.create().resolve(u);
    }

    @Benchmark
    public ClientUri cachedClientUri() {
        ClientUri u = clientUris.get(PATH);
        if (u == null) {
            u = ClientUri.create(URI.create(UriEncoding.encodeUri(BASE + PATH)));
            clientUris.putIfAbsent(PATH, u);
        }
        return ClientUri.create().resolve(u);
    }
}

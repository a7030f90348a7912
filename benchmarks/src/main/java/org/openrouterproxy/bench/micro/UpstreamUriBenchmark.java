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

/**
 * The upstream URI of a chat call: {@code before}, what the client's {@code uri(String)} did per request (encode and
 * parse {@code base + path}); {@code after}, the transport's per-path cache of the parsed {@link URI}.
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

    private final ConcurrentHashMap<String, URI> cache = new ConcurrentHashMap<>();

    @Benchmark
    public URI before() {
        return URI.create(UriEncoding.encodeUri(BASE + PATH));
    }

    @Benchmark
    public URI after() {
        URI u = cache.get(PATH);
        if (u == null) {
            u = URI.create(UriEncoding.encodeUri(BASE + PATH));
            cache.putIfAbsent(PATH, u);
        }
        return u;
    }
}

package org.openrouterproxy.bench.micro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openrouterproxy.bench.BenchInfo;
import org.openrouterproxy.bench.ChatBodies;
import org.openrouterproxy.core.CachePolicy;
import org.openrouterproxy.core.ChatRequestRewriter;
import org.openrouterproxy.core.ChatRewrite;

/**
 * The cache-marker rewrite of a chat request to an Anthropic model (markers are injected) at 2 KB to 2 MB, beside
 * two baselines: a Jackson token-by-token copy (parse + write, the least a streaming transform can cost) and a
 * Jackson tree round trip (what a naive implementation would do). MB/s = ops/s x size; allocation with -prof gc.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChatRewriteBenchmark {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Approximate body size in bytes. */
    @Param({"2048", "20480", "204800", "2097152"})
    public int size;

    private byte[] body;
    private ChatRequestRewriter rewriter;

    @Setup
    public void setUp() {
        body = ChatBodies.chat(BenchInfo.DEFAULT_MODEL, size, false);
        rewriter = new ChatRequestRewriter(CachePolicy.defaults());
        ChatRewrite r = rewriter.rewrite(body, false);
        if (r.markers() == 0) {
            throw new IllegalStateException("the rewriter placed no markers: the benchmark would measure nothing");
        }
    }

    @Benchmark
    public ChatRewrite rewrite() {
        return rewriter.rewrite(body, false);
    }

    @Benchmark
    public void baselineStreamingCopy(Blackhole bh) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        try (JsonParser p = JSON.createParser(body); JsonGenerator g = JSON.createGenerator(out)) {
            while (p.nextToken() != null) {
                g.copyCurrentEvent(p);
            }
        }
        bh.consume(out.toByteArray());
    }

    @Benchmark
    public byte[] baselineTreeRoundTrip() throws IOException {
        JsonNode tree = MAPPER.readTree(body);
        return MAPPER.writeValueAsBytes(tree);
    }
}

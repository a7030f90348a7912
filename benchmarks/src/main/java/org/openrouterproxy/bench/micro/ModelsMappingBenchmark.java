package org.openrouterproxy.bench.micro;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

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
import org.openrouterproxy.core.OpenRouterModels;

/**
 * Mapping OpenRouter's models list (~300 models, the real list's size) to OpenAI's shape, beside a baseline that
 * only parses the same body into a tree and writes it back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ModelsMappingBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Models in the list. */
    @Param({"300"})
    public int models;

    private byte[] body;

    @Setup
    public void setUp() {
        body = Payloads.modelsList(models);
    }

    @Benchmark
    public byte[] toOpenAiList() {
        return OpenRouterModels.toOpenAiList(body);
    }

    @Benchmark
    public byte[] baselineTreeRoundTrip() throws IOException {
        return MAPPER.writeValueAsBytes(MAPPER.readTree(body));
    }
}

package org.openrouterproxy.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.openrouterproxy.server.mock.MockOpenRouter;
import org.openrouterproxy.server.mock.MockOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code proxy mock-upstream}: runs the fake OpenRouter alone (for demos and benchmarks) until SIGTERM/SIGINT.
 * Point the proxy at it with {@code OPENROUTER_BASE_URL=http://127.0.0.1:PORT/api/v1}.
 */
@Command(name = "mock-upstream", mixinStandardHelpOptions = true,
        description = "Run the built-in fake OpenRouter (JSON and SSE chat, models, error models, cache simulation).")
public final class MockUpstreamCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "Port (default ${DEFAULT-VALUE}: any free port).")
    int port;

    @Option(names = "--latency", defaultValue = "0ms", converter = DurationConverter.class,
            description = "Delay before each chat answer's headers (default ${DEFAULT-VALUE}).")
    Duration latency;

    @Option(names = "--chunks", defaultValue = "5", description = "Content chunks per streamed answer (default "
            + "${DEFAULT-VALUE}).")
    int chunks;

    @Option(names = "--chunk-interval", defaultValue = "0ms", converter = DurationConverter.class,
            description = "Pause between streamed chunks (default ${DEFAULT-VALUE}).")
    Duration chunkInterval;

    /** Counted down by the shutdown hook (or a test) to stop the server. */
    final StopLatch stop = new StopLatch();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LogSetup.oneLineFormat();
        MockOptions options;
        try {
            options = MockOptions.defaults().withHost(host).withPort(port).withLatency(latency).withChunks(chunks)
                    .withChunkInterval(chunkInterval);
        } catch (IllegalArgumentException e) {
            err.println("proxy mock-upstream: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        }
        MockOpenRouter mock;
        try {
            mock = MockOpenRouter.start(options);
        } catch (RuntimeException e) {
            err.println("proxy mock-upstream: cannot listen on " + host + ":" + port
                    + " (address in use or not available)");
            return ExitCodes.START_FAILED;
        }
        try {
            out.println("fake OpenRouter listening on " + mock.baseUrl()
                    + "  (set OPENROUTER_BASE_URL=" + mock.baseUrl() + ")");
            out.flush();
            stop.await("mock-upstream-shutdown", Duration.ZERO);
            return ExitCodes.OK;
        } finally {
            mock.close();
            stop.markStopped();
        }
    }
}

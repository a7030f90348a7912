package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.ProxyFixture.CLIENT_KEY;
import static org.openrouterproxy.server.ProxyFixture.UPSTREAM_KEY;
import static org.openrouterproxy.server.ProxyFixture.chat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.openrouterproxy.server.mock.MockOptions;

/**
 * 1,000 clients that vanish at random moments (mid-upload, before upstream answered, mid-stream; some with a TCP
 * reset) leave nothing behind: no open upstream stream, in-flight gauges back to 0, thread count, open file
 * descriptors and heap back near their baseline, and the proxy still answers. Generous margins, bounded waits.
 */
class ClientDisconnectChurnTest {
    private static final int DISCONNECTS = 1000;
    private static final int PARALLEL = 32;

    @Test
    void thousandRandomDisconnectsLeaveNoLeaks() throws Exception {
        MockOptions mock = MockOptions.defaults().withChunks(30).withChunkInterval(Duration.ofMillis(10));
        try (ProxyFixture f = new ProxyFixture(mock,
                b -> b.upstreamKey(UPSTREAM_KEY).clientKeys(List.of(CLIENT_KEY)))) {
            churn(f, 64, new Random(1)); // warm-up: class loading, pools, JIT
            settle(f);
            long threads0 = threads();
            long fds0 = openFds();
            long heap0 = usedHeapAfterGc();

            AtomicInteger kinds = churn(f, DISCONNECTS, new Random(42));
            assertThat(kinds.get()).isEqualTo(DISCONNECTS);
            settle(f);

            assertThat(f.mock.openStreams()).isZero();
            assertThat(f.proxy.components().metrics().inFlight()).isZero();
            assertThat(f.proxy.components().guard().concurrency().active()).isZero();
            assertThat(f.proxy.components().guard().inFlight().running()).isZero();
            long threads1 = threads();
            long fds1 = openFds();
            long heap1 = usedHeapAfterGc();
            System.out.printf("disconnect churn: threads %d -> %d, fds %d -> %d, heap %d MB -> %d MB%n", threads0,
                    threads1, fds0, fds1, heap0 >> 20, heap1 >> 20);
            assertThat(threads1).isLessThanOrEqualTo(threads0 + 16);
            if (fds0 >= 0) {
                assertThat(fds1).isLessThanOrEqualTo(fds0 + 2L * PARALLEL + 32);
            }
            assertThat(heap1).isLessThanOrEqualTo(heap0 + 64L * 1024 * 1024);
            assertThat(f.proxy.components().metrics().render()).containsPattern("proxy_client_aborts_total [1-9]");
            assertThat(f.post("/v1/chat/completions", chat("openai/gpt-4o", "still there?", false), CLIENT_KEY)
                    .statusCode()).isEqualTo(200);
        }
    }

    /** Runs {@code n} disconnecting clients, {@link #PARALLEL} at a time; returns how many ran. */
    private static AtomicInteger churn(ProxyFixture f, int n, Random seed) throws Exception {
        AtomicInteger done = new AtomicInteger();
        long[] seeds = seed.longs(n).toArray();
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            List<Future<Object>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                long s = seeds[i];
                futures.add(pool.submit(() -> {
                    oneClient(f, new Random(s));
                    done.incrementAndGet();
                    return null;
                }));
            }
            for (Future<Object> fu : futures) {
                fu.get(60, TimeUnit.SECONDS);
            }
        }
        return done;
    }

    private static void oneClient(ProxyFixture f, Random r) throws IOException, InterruptedException {
        int kind = r.nextInt(3);
        try (RawClient c = new RawClient(f.proxy.port())) {
            if (r.nextBoolean()) {
                c.socket.setSoLinger(true, 0); // close with a TCP reset
            }
            switch (kind) {
                case 0 -> { // mid-upload: promise a body, send part of it, leave
                    String body = chat("openai/gpt-4o", "x".repeat(4000), r.nextBoolean());
                    c.send(RawClient.postHead("/v1/chat/completions", CLIENT_KEY, body.length(), ""));
                    c.send(body.substring(0, r.nextInt(body.length() - 1)));
                    Thread.sleep(r.nextInt(20));
                }
                case 1 -> { // before upstream answers: upstream waits 150 ms before its headers
                    c.send(RawClient.post("/v1/chat/completions", CLIENT_KEY,
                            chat("mock/sleep-150", "wait", r.nextBoolean())));
                    Thread.sleep(r.nextInt(100));
                }
                default -> { // mid-stream: read the first chunk or a few, then leave
                    c.send(RawClient.post("/v1/chat/completions", CLIENT_KEY, chat("anthropic/claude", "go", true)));
                    c.readUntil("chat.completion.chunk");
                    Thread.sleep(r.nextInt(150));
                }
            }
        }
    }

    private static void settle(ProxyFixture f) throws InterruptedException {
        assertThat(Eventually.holds(() -> f.mock.openStreams() == 0
                && f.proxy.components().metrics().inFlight() == 0, Duration.ofSeconds(20))).isTrue();
    }

    private static long threads() throws InterruptedException {
        Thread.sleep(200);
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long openFds() throws IOException {
        Path fd = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fd)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(fd)) {
            return s.count();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}

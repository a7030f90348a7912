package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class AsyncLogHandlerTest {
    private static final Formatter MESSAGE_LINE = new Formatter() {
        @Override
        public String format(LogRecord r) {
            return r.getMessage() + "\n";
        }
    };

    @Test
    void writesEveryLineInOrderAndFlushesOnClose() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncLogHandler h = new AsyncLogHandler(out, MESSAGE_LINE, 100_000);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String line = "id=" + i + " POST /v1/chat/completions 200";
            sent.add(line);
            h.publish(new LogRecord(Level.INFO, line));
        }
        h.close();
        List<String> written = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(written).containsExactlyElementsOf(sent);
        assertThat(h.dropped()).isZero();
    }

    @Test
    void aQuietLogIsFlushedWithoutWaitingForClose() throws Exception {
        CountDownLatch flushed = new CountDownLatch(1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public void flush() {
                if (bytes.size() > 0) {
                    flushed.countDown();
                }
            }
        };
        AsyncLogHandler h = new AsyncLogHandler(out, MESSAGE_LINE, 16);
        try {
            h.publish(new LogRecord(Level.INFO, "one line"));
            assertThat(flushed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("one line\n");
        } finally {
            h.close();
        }
    }

    @Test
    void aStuckOutputDropsAndCountsLinesInsteadOfBlockingTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                awaitRelease();
                bytes.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                awaitRelease();
                bytes.write(b, off, len);
            }

            private void awaitRelease() throws IOException {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        };
        AsyncLogHandler h = new AsyncLogHandler(stuck, MESSAGE_LINE, 10);
        for (int i = 0; i < 1_000; i++) {
            h.publish(new LogRecord(Level.INFO, "line " + i));
        }
        // the writer holds at most one batch (1 polled + 10 drained) while 10 more wait in the queue
        assertThat(h.dropped()).as("publish returned while the output was stuck").isGreaterThanOrEqualTo(979);
        release.countDown();
        h.close();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("line 0\n").contains("records dropped");
        long written = text.lines().filter(l -> l.startsWith("line ")).count();
        assertThat(written + h.dropped()).isEqualTo(1_000);
    }
}

package org.openrouterproxy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden {@code .sse} transcripts read whole, byte by byte and in random chunks; framing edge cases. */
class SseEventReaderTest {
    private static final Path SSE = Path.of("src/test/resources/sse");

    static Stream<String> transcripts() throws IOException {
        try (Stream<Path> files = Files.list(SSE)) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sse"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
            assertThat(names).hasSizeGreaterThanOrEqualTo(8);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcriptSplitsIntoTheExpectedEventsWhateverTheChunking(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(SSE.resolve(name + ".sse"));
        List<String> expected = Files.readAllLines(SSE.resolve(name + ".expected"));
        for (int maxChunk : new int[] {bytes.length, 1, 2, 7, 64}) {
            for (long seed = 0; seed < 5; seed++) {
                ChunkedInputStream in = new ChunkedInputStream(bytes, seed, maxChunk);
                List<String> kinds = new ArrayList<>();
                ByteArrayOutputStream joined = new ByteArrayOutputStream();
                try (SseEventReader reader = new SseEventReader(in, 64 * 1024)) {
                    SseEvent e;
                    while ((e = reader.next()) != null) {
                        kinds.add(kind(e));
                        joined.write(e.raw());
                    }
                    assertThat(reader.next()).isNull();
                } catch (EOFException eof) {
                    kinds.add("eof");
                }
                assertThat(kinds).as("%s chunk %d", name, maxChunk).isEqualTo(expected);
                assertThat(in.closed).isTrue();
                byte[] got = joined.toByteArray();
                assertThat(bytes).startsWith(got);
                if (!expected.contains("eof")) {
                    String rest = new String(bytes, got.length, bytes.length - got.length, StandardCharsets.UTF_8);
                    assertThat(rest).as("events concatenate to the stream up to trailing blank lines")
                            .matches("[\\r\\n]*");
                    if (maxChunk == bytes.length) {
                        assertThat(got).as("read in one piece: exactly the stream").isEqualTo(bytes);
                    }
                }
            }
        }
    }

    private static String kind(SseEvent e) {
        if (e.isComment()) {
            assertThat(e.data()).isNull();
            return "comment";
        }
        if (e.isDone()) {
            return "done";
        }
        if (e.isError()) {
            return "error";
        }
        return "data " + e.data().replace("\n", "\\n");
    }

    @Test
    void anEventIsDeliveredWithoutWaitingForMoreBytes() throws IOException {
        for (String first : List.of("data: a\n\n", "data: a\r\n\r\n", "data: a\r\r", ": ping\n\n")) {
            byte[] bytes = (first + "data: b\n\n").getBytes(StandardCharsets.US_ASCII);
            InputStream in = new InputStream() {
                private int calls;

                @Override
                public int read() {
                    throw new AssertionError();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (calls++ > 0) {
                        throw new AssertionError("reader waited for more bytes after a complete event: " + first);
                    }
                    System.arraycopy(bytes, 0, b, off, first.length());
                    return first.length();
                }
            };
            SseEvent e = new SseEventReader(in, 1024).next();
            assertThat(new String(e.raw(), StandardCharsets.US_ASCII)).isEqualTo(first);
        }
    }

    @Test
    void loneCarriageReturnFollowedByLineFeedInTheNextReadStaysByteExact() throws IOException {
        byte[] bytes = "data: a\r\n\r".getBytes(StandardCharsets.US_ASCII);
        byte[] rest = "\ndata: b\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        InputStream in = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(bytes),
                new java.io.ByteArrayInputStream(rest));
        try (SseEventReader reader = new SseEventReader(in, 1024)) {
            SseEvent a = reader.next();
            SseEvent b = reader.next();
            assertThat(a.data()).isEqualTo("a");
            assertThat(b.data()).isEqualTo("b");
            assertThat(new String(a.raw(), StandardCharsets.US_ASCII) + new String(b.raw(), StandardCharsets.US_ASCII))
                    .isEqualTo("data: a\r\n\r\ndata: b\r\n\r\n");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void anEventOverTheLimitIsA502() throws IOException {
        String big = "data: " + "x".repeat(5000) + "\n\n";
        byte[] bytes = ("data: small\n\n" + big).getBytes(StandardCharsets.US_ASCII);
        try (SseEventReader reader = new SseEventReader(new ChunkedInputStream(bytes, 1, 300), 4096)) {
            assertThat(reader.next().data()).isEqualTo("small");
            assertThatThrownBy(reader::next).isInstanceOfSatisfying(ProxyError.class, e -> {
                assertThat(e.status()).isEqualTo(502);
                assertThat(e.type()).isEqualTo("upstream_error");
                assertThat(e.code()).isEqualTo("sse_event_too_large");
            });
        }
        byte[] exact = ("data: " + "y".repeat(4096 - 8) + "\n\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(exact).hasSize(4096);
        try (SseEventReader reader = new SseEventReader(new ChunkedInputStream(exact, 2, 1000), 4096)) {
            assertThat(reader.next().raw()).isEqualTo(exact);
        }
    }

    @Test
    void manyEventsReadInBulkNotPerByte() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append("data: {\"i\":").append(i).append("}\n\n");
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        ChunkedInputStream in = new ChunkedInputStream(bytes, 3, 16 * 1024);
        int count = 0;
        try (SseEventReader reader = new SseEventReader(in, 1 << 20)) {
            while (reader.next() != null) {
                count++;
            }
        }
        assertThat(count).isEqualTo(2000);
        assertThat(in.reads).isLessThan(100);
    }

    @Test
    void emptyStreamAndBlankLinesOnlyEndCleanly() throws IOException {
        for (String s : List.of("", "\n", "\r\n\r\n", "data: x\n\n\n\n")) {
            try (SseEventReader reader = new SseEventReader(
                    new java.io.ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII)), 100)) {
                SseEvent e;
                while ((e = reader.next()) != null) {
                    assertThat(e.data()).isEqualTo("x");
                }
            }
        }
    }

    @Test
    void unlimitedReaderGrowsItsBufferForALargeEvent() throws IOException {
        byte[] big = ("data: " + "z".repeat(100_000) + "\n\n").getBytes(StandardCharsets.US_ASCII);
        try (SseEventReader reader = new SseEventReader(new ChunkedInputStream(big, 4, 5000), Integer.MAX_VALUE)) {
            assertThat(reader.next().raw()).isEqualTo(big);
            assertThat(reader.next()).isNull();
        }
    }
}

package org.openrouterproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HttpResponseParserTest {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final HttpResponseParser parser = new HttpResponseParser();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds the bytes one at a time, the hardest split, and returns the bytes consumed. */
    private int feedByteByByte(byte[] bytes) throws Exception {
        int consumed = 0;
        for (int i = 0; i < bytes.length && !parser.done(); i++) {
            consumed += parser.feed(bytes, i, 1);
        }
        return consumed;
    }

    @Test
    void contentLengthBodyEndsExactlyAtItsLength() throws Exception {
        parser.reset((buf, off, len) -> body.write(buf, off, len), false);
        byte[] r = b("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhelloEXTRA");
        int consumed = parser.feed(r, 0, r.length);
        assertThat(parser.done()).isTrue();
        assertThat(parser.status()).isEqualTo(200);
        assertThat(body.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(consumed).isEqualTo(r.length - "EXTRA".length());
        assertThat(parser.connectionClose()).isFalse();
    }

    @Test
    void chunkedBodySplitAtEveryByteIsReassembled() throws Exception {
        parser.reset((buf, off, len) -> body.write(buf, off, len), false);
        byte[] r = b("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5;ext=1\r\nhello\r\n1A\r\n abcdefghijklmnopqrstuvwxy\r\n0\r\nTrailer: x\r\n\r\n");
        assertThat(feedByteByByte(r)).isEqualTo(r.length);
        assertThat(parser.done()).isTrue();
        assertThat(body.toString(StandardCharsets.US_ASCII)).isEqualTo("hello abcdefghijklmnopqrstuvwxy");
        assertThat(parser.connectionClose()).isTrue();
        assertThat(parser.bodyBytes()).isEqualTo(31);
    }

    @Test
    void bodyWithoutLengthRunsUntilClose() throws Exception {
        parser.reset((buf, off, len) -> body.write(buf, off, len), false);
        byte[] r = b("HTTP/1.0 200 OK\n\nabc");
        parser.feed(r, 0, r.length);
        assertThat(parser.done()).isFalse();
        assertThat(parser.readsUntilClose()).isTrue();
        parser.finishAtClose();
        assertThat(parser.done()).isTrue();
        assertThat(body.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
    }

    @Test
    void noContentAndInterimResponsesHaveNoBody() throws Exception {
        parser.reset((buf, off, len) -> body.write(buf, off, len), false);
        byte[] r = b("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
        parser.feed(r, 0, r.length);
        assertThat(parser.done()).isTrue();
        assertThat(parser.status()).isEqualTo(204);
        assertThat(body.size()).isZero();
    }

    @Test
    void garbageIsAProtocolError() {
        parser.reset((buf, off, len) -> { }, false);
        byte[] r = b("SSH-2.0-OpenSSH\r\n");
        assertThatThrownBy(() -> parser.feed(r, 0, r.length)).isInstanceOf(HttpResponseParser.ProtocolException.class);
        parser.reset((buf, off, len) -> { }, false);
        byte[] c = b("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        assertThatThrownBy(() -> parser.feed(c, 0, c.length)).isInstanceOf(HttpResponseParser.ProtocolException.class);
    }
}

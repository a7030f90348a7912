package org.openrouterproxy.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.openrouterproxy.core.ProxyError;

/**
 * Copies one upstream event stream to the client, flushing as soon as bytes arrive so no token waits in a
 * buffer. Upstream read failures become a {@link ProxyError} (the caller sends an error event); client write
 * failures become {@link ClientGone}.
 */
final class SseCopier {
    /** The client disconnected: stop and close upstream. */
    static final class ClientGone extends RuntimeException {
        ClientGone(Throwable cause) {
            super("client disconnected", cause, false, false);
        }
    }

    private final InputStream in;
    private final OutputStream out;
    private final UsageTap usageTap;
    private final Exchange ex;

    SseCopier(InputStream in, OutputStream out, UsageTap usageTap, Exchange ex) {
        this.in = in;
        this.out = out;
        this.usageTap = usageTap;
        this.ex = ex;
    }

    void run() {
        byte[] buf = new byte[16 * 1024];
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (IOException | RuntimeException e) {
                throw ResponseRelay.bodyFailure(e);
            }
            if (n < 0) {
                return;
            }
            write(buf, n);
        }
    }

    private void write(byte[] buf, int n) {
        try {
            out.write(buf, 0, n);
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw new ClientGone(e);
        }
    }
}

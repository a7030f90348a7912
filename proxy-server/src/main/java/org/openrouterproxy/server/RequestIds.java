package org.openrouterproxy.server;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/** Request ids: a client's {@code X-Request-Id} is kept when it is a sane token, otherwise one is generated. */
final class RequestIds {
    static final HeaderName HEADER = HeaderNames.create("X-Request-Id");
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private RequestIds() {
    }

    static String acceptOrGenerate(String fromClient) {
        if (fromClient != null && SANE.matcher(fromClient).matches()) {
            return fromClient;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "req-" + Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Integer.toHexString(r.nextInt() | 1 << 31);
    }
}

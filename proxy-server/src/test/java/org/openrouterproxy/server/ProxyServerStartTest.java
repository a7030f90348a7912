package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProxyServerStartTest {
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aTakenPortFailsToStartInsteadOfPretending() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> ProxyServer.start(ProxySettings.builder().port(taken.getLocalPort())
                    .accessLog(false).build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }
}

/** The Helidon SE proxy server, its upstream transport, and the fake OpenRouter used by tests and demos. */
module org.openrouterproxy.server {
    requires transitive org.openrouterproxy.core;
    requires transitive io.helidon.webserver;
    requires transitive io.helidon.webclient.api;
    requires io.helidon.webclient;
    requires transitive io.helidon.config;
    requires io.helidon.config.yaml;
    requires io.helidon.logging.common;
    requires io.helidon.common.tls;
    requires io.helidon.common.pki;
    requires io.helidon.common.configurable;
    requires io.helidon.common.task;
    requires java.logging;
    requires java.sql;
    requires redis.clients.jedis;
    requires org.apache.commons.pool2;

    exports org.openrouterproxy.server;
    exports org.openrouterproxy.server.mock;
    exports org.openrouterproxy.server.usage;
}

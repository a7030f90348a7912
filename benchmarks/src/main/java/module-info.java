/** Load generator used by {@code proxy bench}, and JMH microbenchmarks. */
module org.openrouterproxy.bench {
    requires org.openrouterproxy.core;
    requires org.openrouterproxy.server;
    requires HdrHistogram;
    requires jmh.core;
    requires java.logging;
    requires io.helidon.common.uri;
    requires io.helidon.webclient.http1;

    exports org.openrouterproxy.bench;
}

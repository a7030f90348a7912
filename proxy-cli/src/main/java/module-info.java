/** The {@code proxy} command line: serve, chat, bench, mock-upstream. */
module org.openrouterproxy.cli {
    requires org.openrouterproxy.core;
    requires org.openrouterproxy.server;
    requires org.openrouterproxy.bench;
    requires info.picocli;
    requires org.jline;
    requires java.net.http;
    requires java.logging;
    requires jdk.unsupported;

    opens org.openrouterproxy.cli to info.picocli;
    opens org.openrouterproxy.cli.chat to info.picocli;
}

package org.openrouterproxy.server;

/** Name and version of the service, reported by {@code GET /}. */
public final class ServerInfo {
    public static final String NAME = "openrouter-proxy";

    private ServerInfo() {
    }

    /** The version from the jar manifest, or "dev" when running from classes. */
    public static String version() {
        String v = ServerInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}

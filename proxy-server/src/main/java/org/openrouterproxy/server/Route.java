package org.openrouterproxy.server;

/** The bounded set of route labels used by metrics and the access log. */
enum Route {
    CHAT("chat"), MODELS("models"), EMBEDDINGS("embeddings"), RESPONSES("responses"), COMPLETIONS("completions"),
    USAGE("usage"), HEALTH("health"), INFO("info"), METRICS("metrics"), OTHER("other");

    private final String label;

    Route(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}

/** Pure request/response transformers for the OpenRouter proxy: no HTTP server, no I/O beyond streams. */
module org.openrouterproxy.core {
    requires transitive com.fasterxml.jackson.core;
    requires transitive com.fasterxml.jackson.databind;

    exports org.openrouterproxy.core;
}

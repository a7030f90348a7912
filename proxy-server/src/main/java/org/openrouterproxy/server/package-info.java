/**
 * The proxy server: routing, auth, upstream transport, limits, metrics and health.
 * Handlers are thin: they parse, call {@code proxy-core}, and write.
 */
package org.openrouterproxy.server;

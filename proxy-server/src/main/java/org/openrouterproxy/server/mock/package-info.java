/**
 * The fake OpenRouter: a small Helidon server speaking OpenRouter's exact JSON and SSE formats, with error
 * models, latency and chunk pacing, and a prompt-cache simulation. Used by tests, the offline demo and benchmarks.
 */
package org.openrouterproxy.server.mock;

/**
 * Transformers between OpenAI-shaped clients and OpenRouter: request validation, cache-control
 * injection, SSE framing, models mapping and the single error model. Pure functions over bytes.
 */
package org.openrouterproxy.core;

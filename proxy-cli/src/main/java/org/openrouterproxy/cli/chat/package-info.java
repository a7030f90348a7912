/**
 * {@code proxy chat}: a terminal client of a running proxy. One-shot questions and a REPL, both talking plain
 * HTTP + SSE to {@code /v1/chat/completions}; the REPL core is independent of JLine so tests can script it.
 */
package org.openrouterproxy.cli.chat;

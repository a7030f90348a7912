/**
 * JMH microbenchmarks of the proxy's hot transforms (cache-marker rewrite, SSE event forwarding, models mapping),
 * each beside a plain-Jackson or plain-copy baseline. Run from the shaded {@code benchmarks.jar} or {@code proxy bench
 * --micro}.
 */
package org.openrouterproxy.bench.micro;

/**
 * The wrk2-style load generator behind {@code proxy bench}: closed-loop, constant-rate and streaming
 * modes, HdrHistogram percentiles, live progress and JSON reports.
 */
package org.openrouterproxy.bench;

/** The picocli launcher: one class per subcommand, each a {@code Callable<Integer>} with named exit codes. */
package org.openrouterproxy.cli;

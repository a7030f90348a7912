package org.openrouterproxy.bench;

import java.io.IOException;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the JMH microbenchmarks in-process through JMH's {@link Runner} with the usual JMH command-line arguments
 * (e.g. {@code ChatRewrite -prof gc}); JMH forks a fresh JVM per benchmark with this JVM's class path, so the
 * measurements are not disturbed by the CLI. The shaded {@code benchmarks/target/benchmarks.jar} runs the same set.
 */
public final class MicroBenchmarks {
    private MicroBenchmarks() {
    }

    /** Runs JMH; returns 0 on success, 2 on bad arguments, 1 when a benchmark failed. */
    public static int run(String... jmhArgs) {
        try {
            CommandLineOptions options = new CommandLineOptions(jmhArgs);
            if (options.shouldHelp()) {
                options.showHelp();
                return 0;
            }
            if (options.shouldList()) {
                new Runner(options).list();
                return 0;
            }
            new Runner(options).run();
            return 0;
        } catch (CommandLineOptionException e) {
            System.err.println("proxy bench --micro: " + e.getMessage());
            return 2;
        } catch (RunnerException | IOException e) {
            Throwable why = e.getMessage() == null && e.getCause() != null ? e.getCause() : e;
            System.err.println("proxy bench --micro: " + (why.getMessage() != null ? why.getMessage() : why));
            return 1;
        }
    }
}

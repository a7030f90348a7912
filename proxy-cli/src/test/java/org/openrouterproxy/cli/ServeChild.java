package org.openrouterproxy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code proxy serve --mock-upstream --port 0} in a child JVM, for end-to-end tests: the proxy's own keys are taken
 * out of the inherited environment, its usage ledger goes to {@code <dir>/<name>.db} (never the user's own file) and
 * its output to {@code <dir>/<name>.log}; {@link #start} returns once it listens.
 */
record ServeChild(Process process, int port) {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    /** Starts it with {@code env} added and {@code jvmOptions} before the main class; waits up to {@code wait}. */
    static ServeChild start(Path dir, String name, Map<String, String> env, List<String> jvmOptions, Duration wait)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            cmd.addAll(List.of("-p", modulePath, "-m", "org.openrouterproxy.cli/" + Main.class.getName()));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        cmd.addAll(List.of("serve", "--mock-upstream", "--port", "0"));
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PROXY_") || k.startsWith("OPENROUTER_")
                || k.startsWith("OPENAI_"));
        pb.environment().put("PROXY_USAGE_DB", dir.resolve(name + ".db").toString());
        pb.environment().putAll(env);
        Process child = pb.start();
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline && child.isAlive()) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new ServeChild(child, Integer.parseInt(m.group(1)));
            }
            Thread.sleep(50);
        }
        child.destroyForcibly();
        throw new AssertionError("proxy serve did not start: " + Files.readString(log));
    }
}

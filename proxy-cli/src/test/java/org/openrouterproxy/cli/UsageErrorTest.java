package org.openrouterproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** A mistyped command line gets one line naming the problem and a --help hint, and exit code 2. */
class UsageErrorTest {
    @ParameterizedTest
    @CsvSource({
            "chat --bogus, proxy chat: Unknown option: '--bogus'",
            "serve --port notanumber, proxy serve: Invalid value for option '--port'",
            "bogus-command, proxy: Unmatched argument at index 0: 'bogus-command'"})
    void unknownOptionIsOneLineWithAHint(String args, String expectedStart) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args.split(" "));
        assertThat(code).isEqualTo(ExitCodes.CONFIG_ERROR);
        String text = err.toString().strip();
        assertThat(text.lines()).hasSize(1);
        assertThat(text).startsWith(expectedStart).contains("--help");
        assertThat(out.toString()).isEmpty();
    }
}

package io.rwx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress line of {@code rwxctl migrate --follow}, and what the command refuses before calling anything. */
class MigrateRenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunningCopyShowsItsBarBytesRateEtaAndFiles() throws Exception {
        JsonNode m = JSON.readTree("""
                {"state":"RUNNING","progress":{"bytesCopied":250000000,"percent":25,"bytesPerSecond":5000000,
                 "filesDone":30,"filesTotal":120}}""");
        assertThat(Migrate.render("m-1", m)).isEqualTo(
                "m-1 RUNNING   [#####---------------]  25%  250.0 MB  5.0 MB/s  ETA 0:02:30  files 30/120");
    }

    @Test
    void beforeTheCopyReportsTheBarSaysSo() throws Exception {
        assertThat(Migrate.render("m-1", JSON.readTree("{\"state\":\"PENDING\"}")))
                .contains("[--------------------]").contains("waiting for the copy to report");
        assertThat(Migrate.render("m-1", JSON.readTree("{\"state\":\"SUCCEEDED\"}"))).endsWith("100%");
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertThat(Migrate.bytes(999)).isEqualTo("999 B");
        assertThat(Migrate.bytes(1_500_000)).isEqualTo("1.5 MB");
        assertThat(Migrate.bytes(2_000_000_000_000L)).isEqualTo("2.0 TB");
    }

    @Test
    void aPvcWithoutItsNamespaceIsAUsageErrorAndNothingIsCalled() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Rwxctl()).setErr(new PrintWriter(err));
        int exit = cli.execute("migrate", "legacy-data", "demo/new-data", "--migrations-url=http://127.0.0.1:1");
        assertThat(exit).isEqualTo(Rwxctl.USAGE);
        assertThat(err.toString()).contains("NAMESPACE/PVC");
    }
}

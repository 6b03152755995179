package io.rwx.migration.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress is read from the copy's own output (rsync --info=progress2), the last update winning. */
class CopyProgressTest {

    @Test
    void theLastProgressLineCounts() {
        String log = """
                          32768   0%    0.00kB/s    0:00:00
                       15000000  49%   50.00MB/s    0:00:01 (xfr#2, to-chk=40/100)
                rsync: [sender] some warning
                       30000006 100%  182.03MB/s    0:00:00 (xfr#4, to-chk=0/100)

                Number of files: 100 (reg: 99, dir: 1)
                """;
        CopyProgress p = CopyProgress.lastOf(log).orElseThrow();
        assertThat(p.bytesCopied()).isEqualTo(30_000_006L);
        assertThat(p.percent()).isEqualTo(100);
        assertThat(p.bytesPerSecond()).isEqualTo(182_030_000L);
        assertThat(p.filesDone()).isEqualTo(100);
        assertThat(p.filesTotal()).isEqualTo(100);
    }

    @Test
    void midwayItTellsHowLongIsLeft() {
        CopyProgress p = CopyProgress.lastOf("   1,000,000  25%  1.00MB/s    0:00:03 (xfr#1, to-chk=3/4)\r").orElseThrow();
        assertThat(p.filesDone()).isEqualTo(1);
        assertThat(p.etaSeconds()).isEqualTo(3);
        assertThat(CopyProgress.lastOf("no progress here\n")).isEmpty();
        assertThat(CopyProgress.lastOf("      32768   0%    0.00kB/s    0:00:00").orElseThrow().filesTotal()).isNull();
    }
}

package io.rwx.kit.kubernetes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MergePatchTest {

    @Test
    void namesExactlyTheFieldsItSetsAndNullRemoves() {
        MergePatch patch = MergePatch.create().set("spec.nodeID", "node-2").set("status.shareEndpoint", null)
                .annotation("failover.rwx.io/episode", "{}").expectResourceVersion("42");
        assertThat(patch.json()).isEqualTo("{\"spec\":{\"nodeID\":\"node-2\"},\"status\":{\"shareEndpoint\":null},"
                + "\"metadata\":{\"annotations\":{\"failover.rwx.io/episode\":\"{}\"},\"resourceVersion\":\"42\"}}");
        assertThat(patch.fields()).containsEntry("spec.nodeID", "node-2").containsEntry("status.shareEndpoint", null)
                .containsEntry("metadata.resourceVersion", "42");
        assertThat(MergePatch.create().isEmpty()).isTrue();
    }
}

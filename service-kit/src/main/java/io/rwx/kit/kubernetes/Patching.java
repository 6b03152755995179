package io.rwx.kit.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Sends {@link MergePatch}es. The patch goes through the object the caller already holds
 * ({@code client.resource(item)}), so it costs one request, not a GET and a PATCH.
 */
public final class Patching {

    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private Patching() {
    }

    /** Patches the main resource (for kinds with a status subresource, status fields in it are ignored). */
    public static <T extends HasMetadata> T patch(Resource<T> resource, MergePatch patch) {
        return resource.patch(MERGE, patch.json());
    }

    /** Patches the {@code status} subresource. */
    public static <T extends HasMetadata> T patchStatus(Resource<T> resource, MergePatch patch) {
        return resource.subresource("status").patch(MERGE, patch.json());
    }
}

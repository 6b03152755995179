package io.rwx.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Longhorn setting ({@code settings.longhorn.io/v1beta2}): name = setting key, top-level {@code value} string,
 * exactly Longhorn's shape (no spec).
 */
@Group(Longhorn.GROUP)
@Version(Longhorn.VERSION)
@Plural("settings")
@ShortNames("lhs")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Setting extends CustomResource<Void, Void> implements Namespaced {

    @JsonPropertyDescription("The setting's value, always a string")
    private String value;

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }
}

package io.rwx.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
@JsonIgnoreProperties(ignoreUnknown = true)
public class ShareManagerSpec {

    @JsonPropertyDescription("Share-manager image (compatible with longhornio/longhorn-share-manager)")
    private String image;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }
}

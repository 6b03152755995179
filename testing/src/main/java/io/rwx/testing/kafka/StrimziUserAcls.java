package io.rwx.testing.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ACLs of a Strimzi {@code KafkaUser} ({@code spec.authorization.type: simple}) as Kafka ACL bindings, read from
 * the Strimzi overlay's manifests: a test broker given exactly these proves they are enough for the service.
 */
public final class StrimziUserAcls {

    private StrimziUserAcls() {
    }

    public static List<AclBinding> of(Path manifests, String user) throws IOException {
        List<AclBinding> acls = new ArrayList<>();
        boolean found = false;
        try (MappingIterator<JsonNode> it = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .readValues(manifests.toFile())) {
            while (it.hasNext()) {
                JsonNode o = it.next();
                if (o == null || !"KafkaUser".equals(o.path("kind").asText())
                        || !user.equals(o.path("metadata").path("name").asText())) {
                    continue;
                }
                found = true;
                for (JsonNode acl : o.path("spec").path("authorization").path("acls")) {
                    JsonNode r = acl.path("resource");
                    ResourceType type = ResourceType.fromString(r.path("type").asText().toUpperCase(Locale.ROOT));
                    String name = type == ResourceType.CLUSTER ? "kafka-cluster" : r.path("name").asText();
                    PatternType pattern = "prefix".equals(r.path("patternType").asText("literal"))
                            ? PatternType.PREFIXED : PatternType.LITERAL;
                    for (JsonNode op : acl.path("operations")) {
                        acls.add(new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(
                                "User:" + user, acl.path("host").asText("*"),
                                AclOperation.fromString(op.asText().toUpperCase(Locale.ROOT)), AclPermissionType.ALLOW)));
                    }
                }
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no KafkaUser " + user + " in " + manifests);
        }
        return acls;
    }
}

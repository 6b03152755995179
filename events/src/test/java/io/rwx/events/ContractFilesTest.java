package io.rwx.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed JSON Schemas and AsyncAPI document are exactly what the records say. */
class ContractFilesTest {

    private static final boolean UPDATE = Boolean.getBoolean("contract.update");
    private static final Path SCHEMAS = Path.of("src/main/resources/schemas");
    private static final Path ASYNCAPI = Path.of("asyncapi.yaml");

    @ParameterizedTest
    @EnumSource(EventType.class)
    void committedSchemaMatchesTheRecord(EventType type) throws IOException {
        JsonNode generated = ContractGenerator.schema(type);
        Path file = SCHEMAS.resolve(type.type() + ".json");
        if (UPDATE) {
            Files.createDirectories(SCHEMAS);
            Files.writeString(file, ContractGenerator.PRETTY.writeValueAsString(generated) + "\n");
        }
        assertThat(file).as("schema of %s (run with -Dcontract.update=true after an additive change)", type.type())
                .exists();
        assertThat(ContractGenerator.PRETTY.readTree(file.toFile())).isEqualTo(generated);
    }

    @Test
    void committedAsyncApiMatchesTheCatalogue() throws IOException {
        String generated = ContractGenerator.asyncApi();
        if (UPDATE) {
            Files.writeString(ASYNCAPI, generated);
        }
        assertThat(Files.readString(ASYNCAPI)).isEqualTo(generated);
        for (EventType type : EventType.values()) {
            assertThat(generated).contains("name: " + type.type()).contains(type.schemaResource());
        }
        for (Topic topic : Topic.values()) {
            assertThat(generated).contains("address: " + topic.defaultName());
        }
    }
}

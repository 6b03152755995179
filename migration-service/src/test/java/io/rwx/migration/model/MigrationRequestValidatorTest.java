package io.rwx.migration.model;

import io.rwx.events.migration.MigrationOptions;
import io.rwx.events.migration.RejectionReason;
import io.rwx.events.migration.VerifyMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationRequestValidatorTest {

    static final long GI = 1L << 30;

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                               | id      | ns   | source ns | source  | target ns | target  | force | expected
        valid                                | -       | shop | -         | old     | -         | new     | false | -
        valid with an id                     | m-1     | shop | -         | old     | -         | new     | false | -
        id with capitals                     | Mig     | shop | -         | old     | -         | new     | false | INVALID_NAME
        id too long                          | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | shop | - | old | - | new | false | INVALID_NAME
        namespace with underscore            | -       | my_ns| -         | old     | -         | new     | false | INVALID_NAME
        missing namespace                    | -       | -    | -         | old     | -         | new     | false | INVALID_NAME
        source with shell characters         | -       | shop | -         | old;rm  | -         | new     | false | INVALID_NAME
        target with a slash                  | -       | shop | -         | old     | -         | ../x    | false | INVALID_NAME
        pvc with dots is a valid subdomain   | -       | shop | -         | old.v1  | -         | new     | false | -
        different namespaces                 | -       | shop | shop      | old     | other     | new     | false | DIFFERENT_NAMESPACES
        same PVC                             | -       | shop | -         | old     | -         | old     | false | SAME_PVC
        source missing                       | -       | shop | -         | gone    | -         | new     | false | SOURCE_NOT_FOUND
        target missing                       | -       | shop | -         | old     | -         | gone    | false | TARGET_NOT_FOUND
        target not RWX                       | -       | shop | -         | old     | -         | rwo     | false | TARGET_NOT_RWX
        target smaller                       | -       | shop | -         | old     | -         | small   | false | TARGET_TOO_SMALL
        target larger is fine                | -       | shop | -         | old     | -         | big     | false | -
        target of unknown size is allowed    | -       | shop | -         | old     | -         | nosize  | false | -
        another migration uses the source    | -       | shop | -         | busy    | -         | new     | false | MIGRATION_IN_PROGRESS
        another migration uses the target    | -       | shop | -         | old     | -         | busy-target | false | MIGRATION_IN_PROGRESS
        source written by a running pod      | -       | shop | -         | inuse   | -         | new     | false | SOURCE_IN_USE
        ... unless forced                    | -       | shop | -         | inuse   | -         | new     | true  | -
        source read by a running pod         | -       | shop | -         | readonly| -         | new     | false | -
        source written by a finished pod     | -       | shop | -         | done    | -         | new     | false | -
        target mounted by a running pod      | -       | shop | -         | old     | -         | live    | false | TARGET_IN_USE
        ... force changes nothing            | -       | shop | -         | old     | -         | live    | true  | TARGET_IN_USE
        target read by a running pod         | -       | shop | -         | old     | -         | live-ro | true  | TARGET_IN_USE
        target of a pod about to start       | -       | shop | -         | old     | -         | pending | true  | TARGET_IN_USE
        target of a finished pod is fine     | -       | shop | -         | old     | -         | done-t  | false | -
        """)
    void admitsOrRejectsWithTheFirstFailingReason(String description, String id, String ns, String sourceNs,
            String source, String targetNs, String target, boolean force, RejectionReason expected) {
        MigrationRequest request = new MigrationRequest(id, ns, sourceNs, source, targetNs, target,
                new MigrationOptions(VerifyMode.CHECKSUM, false, force));

        Optional<Rejection> rejection = MigrationRequestValidator.validate(request, pvc(source), pvc(target),
                users(source), users(target), List.of(new ActiveMigration("m-0", "shop", "busy", "busy-target")));

        assertThat(rejection.map(Rejection::reason)).as(description).isEqualTo(Optional.ofNullable(expected));
        rejection.ifPresent(r -> assertThat(r.message()).isNotBlank());
    }

    static PvcView pvc(String name) {
        return switch (name == null ? "" : name) {
            case "gone", "" -> null;
            case "rwo" -> new PvcView("shop", name, List.of("ReadWriteOnce"), 10 * GI);
            case "small" -> new PvcView("shop", name, List.of("ReadWriteMany"), 5 * GI);
            case "big" -> new PvcView("shop", name, List.of("ReadWriteMany"), 50 * GI);
            case "nosize" -> new PvcView("shop", name, List.of("ReadWriteMany"), null);
            case "old", "inuse", "readonly", "done", "busy", "old.v1" ->
                    new PvcView("shop", name, List.of("ReadWriteOnce"), 10 * GI);
            default -> new PvcView("shop", name, List.of("ReadWriteMany"), 10 * GI);
        };
    }

    static List<PodMountView> users(String source) {
        return switch (source == null ? "" : source) {
            case "inuse" -> List.of(new PodMountView("shop", "writer", "Running", true));
            case "readonly" -> List.of(new PodMountView("shop", "reader", "Running", false));
            case "done", "done-t" -> List.of(new PodMountView("shop", "batch", "Succeeded", true));
            case "live" -> List.of(new PodMountView("shop", "web-1", "Running", true),
                    new PodMountView("shop", "web-2", "Running", true));
            case "live-ro" -> List.of(new PodMountView("shop", "report", "Running", false));
            case "pending" -> List.of(new PodMountView("shop", "web-3", "Pending", true));
            default -> List.of();
        };
    }
}

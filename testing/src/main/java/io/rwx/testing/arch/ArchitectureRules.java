package io.rwx.testing.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The architecture every service keeps (see CONVENTIONS.md), as ArchUnit rules a service's test runs on its own
 * classes: {@code ArchitectureRules.check("io.rwx.failover")}.
 */
public final class ArchitectureRules {

    /** Root packages of the four services: none may use another's code. */
    public static final List<String> SERVICE_PACKAGES = List.of(
            "io.rwx.volumewatcher", "io.rwx.sharemanager", "io.rwx.failover", "io.rwx.migration");

    private ArchitectureRules() {
    }

    /** Decisions are pure: {@code ..model..} uses no Kubernetes client, no messaging, no Kafka, no CDI. */
    public static ArchRule modelIsPure() {
        return noClasses().that().resideInAPackage("..model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.fabric8.kubernetes.client..",
                        "org.eclipse.microprofile.reactive.messaging..",
                        "io.smallrye.reactive.messaging..",
                        "org.apache.kafka..",
                        "jakarta.enterprise..",
                        "jakarta.inject..",
                        "io.micrometer..")
                .allowEmptyShould(true)
                .because("model/ holds pure decisions that take plain data and a Clock");
    }

    /** Only {@code ..kubernetes..} talks to the fabric8 client. */
    public static ArchRule onlyGatewaysTalkToKubernetes(String servicePackage) {
        return noClasses().that().resideInAPackage(servicePackage + "..")
                .and().resideOutsideOfPackages("..kubernetes..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8.kubernetes.client.dsl..")
                .allowEmptyShould(true)
                .because("one gateway per Kubernetes kind lives in kubernetes/");
    }

    public static ArchRule noOtherServiceCode(String servicePackage) {
        String[] others = SERVICE_PACKAGES.stream().filter(p -> !p.equals(servicePackage))
                .map(p -> p + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage(servicePackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .allowEmptyShould(true)
                .because("services are independent and talk through Kafka only");
    }

    public static JavaClasses importMain(String servicePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
    }

    /** Checks every rule on the service's main classes. */
    public static void check(String servicePackage) {
        JavaClasses classes = importMain(servicePackage);
        modelIsPure().check(classes);
        onlyGatewaysTalkToKubernetes(servicePackage).check(classes);
        noOtherServiceCode(servicePackage).check(classes);
    }
}

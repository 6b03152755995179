package io.rwx.testing.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The architecture every service (and service-kit) keeps (see CONVENTIONS.md), as ArchUnit rules a module's test
 * runs on its own classes: {@code ArchitectureRules.check("io.rwx.failover")}.
 * <ul>
 *   <li>{@code model/} is an allow-list: the JDK, the contract modules ({@code events}, {@code crds}), the shared
 *       pure code ({@code io.rwx.kit.model}), its own package, and the Kubernetes object model (plain data
 *       classes and their builders: desired-state builders such as {@code generatePod()} produce them);</li>
 *   <li>only {@code kubernetes/} uses the fabric8 client;</li>
 *   <li>only {@code messaging/} uses SmallRye Reactive Messaging and Kafka;</li>
 *   <li>a service never uses another service's code.</li>
 * </ul>
 */
public final class ArchitectureRules {

    /** Root packages of the services: none may use another's code. */
    public static final List<String> SERVICE_PACKAGES = List.of(
            "io.rwx.volumewatcher", "io.rwx.sharemanager", "io.rwx.failover", "io.rwx.migration");

    /** What {@code model/} may use. */
    static final String[] MODEL_ALLOWED = {
            "java..",
            "io.rwx.events..",
            "io.rwx.crds..",
            "io.rwx.kit.model..",
            // the Kubernetes object model: plain data and builders, no client
            "io.fabric8.kubernetes.api.model..",
            "io.fabric8.kubernetes.api.builder..",
            "io.fabric8.kubernetes.model.annotation..",
            "com.fasterxml.jackson.annotation.."};

    private ArchitectureRules() {
    }

    /** {@code ..model..} depends only on the allow-list (and its own package). */
    public static ArchRule modelIsPure(String rootPackage) {
        String[] allowed = java.util.stream.Stream.concat(java.util.Arrays.stream(MODEL_ALLOWED),
                java.util.stream.Stream.of(rootPackage + ".model..")).toArray(String[]::new);
        return classes().that().resideInAPackage(rootPackage + ".model..")
                .should().onlyDependOnClassesThat(resideInAnyPackage(allowed)
                        // the base class of the crds model (its getSpec()/getStatus()), not the client
                        .or(DescribedPredicate.describe("io.fabric8.kubernetes.client.CustomResource",
                                (JavaClass c) -> c.getName().equals("io.fabric8.kubernetes.client.CustomResource"))))
                .allowEmptyShould(true)
                .because("model/ holds pure decisions that take plain data and a Clock");
    }

    /** Only {@code ..kubernetes..} talks to the fabric8 client. */
    public static ArchRule onlyGatewaysTalkToKubernetes(String rootPackage) {
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .and().resideOutsideOfPackages("..kubernetes..")
                .should().dependOnClassesThat(resideInAPackage("io.fabric8.kubernetes.client..")
                        .and(DescribedPredicate.describe("not CustomResource",
                                (JavaClass c) -> !c.getName().equals("io.fabric8.kubernetes.client.CustomResource"))))
                .allowEmptyShould(true)
                .because("one gateway per Kubernetes kind lives in kubernetes/");
    }

    /** Only {@code ..messaging..} talks to SmallRye Reactive Messaging and Kafka. */
    public static ArchRule onlyMessagingTalksToKafka(String rootPackage) {
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .and().resideOutsideOfPackages("..messaging..")
                .should().dependOnClassesThat().resideInAnyPackage("io.smallrye.reactive.messaging..",
                        "org.eclipse.microprofile.reactive.messaging..", "org.apache.kafka..")
                .allowEmptyShould(true)
                .because("Kafka channels, emitters and records live in messaging/");
    }

    public static ArchRule noOtherServiceCode(String rootPackage) {
        String[] others = SERVICE_PACKAGES.stream().filter(p -> !p.equals(rootPackage))
                .map(p -> p + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .allowEmptyShould(true)
                .because("services are independent and talk through Kafka only");
    }

    public static JavaClasses importMain(String rootPackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /** Checks every rule on the module's main classes. */
    public static void check(String rootPackage) {
        JavaClasses classes = importMain(rootPackage);
        modelIsPure(rootPackage).check(classes);
        onlyGatewaysTalkToKubernetes(rootPackage).check(classes);
        onlyMessagingTalksToKafka(rootPackage).check(classes);
        noOtherServiceCode(rootPackage).check(classes);
    }
}

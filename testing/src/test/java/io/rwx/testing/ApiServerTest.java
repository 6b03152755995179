package io.rwx.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.rwx.crds.Volume;
import io.rwx.crds.VolumeState;
import io.rwx.testing.kubernetes.ApiRequest;
import io.rwx.testing.kubernetes.ApiServer;
import io.rwx.testing.kubernetes.RequestInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The in-memory API server refuses stale writes as a real one does, lets a resumed watch miss no deletion, records
 * requests and answers reviews.
 */
class ApiServerTest {

    static ApiServer api;
    static KubernetesClient client;

    @BeforeAll
    static void start() {
        api = ApiServer.start();
        client = api.client();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /**
     * The store is indexed by type ({@code IndexedStore}): objects of other types with the same names and labels never
     * answer a request, and gets, label-selected lists, updates, deletes and a new watch's initial list see exactly
     * the objects of the requested type.
     */
    @Test
    void requestsSeeExactlyTheObjectsOfTheirType() throws Exception {
        String ns = "indexed";
        client.resource(Fixtures.namespace(ns)).create();
        for (int i = 0; i < 3; i++) {
            client.configMaps().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                    .withNewMetadata().withName("same-" + i).addToLabels("app", "x").endMetadata().build()).create();
            client.secrets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                    .withNewMetadata().withName("same-" + i).addToLabels("app", "x").endMetadata().build()).create();
        }
        assertThat(client.configMaps().inNamespace(ns).withLabel("app", "x").list().getItems()).hasSize(3)
                .allSatisfy(c -> assertThat(c.getKind()).isEqualTo("ConfigMap"));
        assertThat(client.secrets().inNamespace(ns).withName("same-1").get().getKind()).isEqualTo("Secret");
        client.configMaps().inNamespace(ns).withName("same-1").edit(c -> {
            c.getMetadata().getLabels().put("app", "y");
            return c;
        });
        assertThat(client.configMaps().inNamespace(ns).withLabel("app", "x").list().getItems()).hasSize(2);
        assertThat(client.secrets().inNamespace(ns).withLabel("app", "x").list().getItems()).hasSize(3);
        client.secrets().inNamespace(ns).withName("same-2").delete();
        assertThat(client.secrets().inNamespace(ns).withName("same-2").get()).isNull();
        assertThat(client.configMaps().inNamespace(ns).withName("same-2").get()).isNotNull();
        java.util.concurrent.CountDownLatch listed = new java.util.concurrent.CountDownLatch(2);
        try (var watch = client.secrets().inNamespace(ns).watch(new io.fabric8.kubernetes.client.Watcher<>() {
            @Override
            public void eventReceived(Action action, io.fabric8.kubernetes.api.model.Secret s) {
                listed.countDown();
            }

            @Override
            public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
            }
        })) {
            assertThat(listed.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("a watch lists the 2 secrets").isTrue();
        }
    }

    private static Volume volume(String name) {
        return client.resources(Volume.class).inNamespace(Fixtures.SYSTEM_NAMESPACE).withName(name).get();
    }

    @Test
    void aStatusWriteBasedOnAStaleReadIsAConflict() {
        client.resources(Volume.class).resource(Fixtures.rwxVolume("stale-status")).create();
        Volume first = volume("stale-status");
        Volume second = volume("stale-status");

        first.getStatus().setRemountRequestedAt("2026-11-25T10:00:00Z");
        client.resources(Volume.class).resource(first).updateStatus();
        second.getStatus().setShareState("running");

        assertThatThrownBy(() -> client.resources(Volume.class).resource(second).updateStatus())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(volume("stale-status").getStatus().getRemountRequestedAt()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(api.conflicts()).isPositive();
    }

    @Test
    void aMergePatchWithAStaleResourceVersionIsAConflictAndWithoutOneItMerges() {
        client.resources(Volume.class).resource(Fixtures.rwxVolume("stale-patch")).create();
        String before = volume("stale-patch").getMetadata().getResourceVersion();
        client.resources(Volume.class).inNamespace(Fixtures.SYSTEM_NAMESPACE).withName("stale-patch")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"nodeID\":\"node-1\"}}");

        assertThatThrownBy(() -> client.resources(Volume.class).inNamespace(Fixtures.SYSTEM_NAMESPACE)
                .withName("stale-patch").patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"resourceVersion\":\"" + before + "\"},\"spec\":{\"nodeID\":\"node-2\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        client.resources(Volume.class).inNamespace(Fixtures.SYSTEM_NAMESPACE).withName("stale-patch").subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"state\":\"attached\"}}");

        Volume now = volume("stale-patch");
        assertThat(now.getSpec().getNodeID()).isEqualTo("node-1");
        assertThat(now.getSpec().getAccessMode()).isNotNull();
        assertThat(now.getStatus().getState()).isEqualTo(VolumeState.ATTACHED);
    }

    @Test
    void requestsAreRecordedWithTheirUserAgentAndAttributes() {
        try (KubernetesClient service = api.client("rwx-failover-service/0.1.0")) {
            service.pods().inNamespace("shop").withName("web-1").get();
            service.pods().inNamespace("shop").list();
        }
        assertThat(api.requestsOf("failover-service")).extracting(ApiRequest::method, r -> r.info().verb(),
                r -> r.info().resource(), r -> r.info().namespace())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "get", "pods", "shop"),
                        org.assertj.core.groups.Tuple.tuple("GET", "list", "pods", "shop"));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "GET,    /api/v1/namespaces/shop/pods/web-1,                       -,           get,    '',            pods,         -,      shop,            web-1",
            "GET,    /api/v1/pods,                                             watch=true,  watch,  '',            pods,         -,      -,               -",
            "PATCH,  /apis/longhorn.io/v1beta2/namespaces/lh/volumes/v1/status, -,          patch,  longhorn.io,   volumes,      status, lh,              v1",
            "PUT,    /apis/coordination.k8s.io/v1/namespaces/lh/leases/l,      -,           update, coordination.k8s.io, leases, -,     lh,              l",
            "DELETE, /api/v1/namespaces/shop/pods,                             -,           deletecollection, '', pods,          -,      shop,            -",
            "POST,   /api/v1/namespaces/shop/events,                           -,           create, '',            events,       -,      shop,            -",
            "GET,    /api/v1/nodes/node-1,                                     -,           get,    '',            nodes,        -,      -,               node-1",
            "GET,    /api/v1/namespaces/shop,                                  -,           get,    '',            namespaces,   -,      shop,            shop"})
    void requestAttributesAreResolvedAsTheApiServerDoes(String method, String path, String query, String verb,
            String group, String resource, String subresource, String namespace, String name) {
        RequestInfo info = RequestInfo.of(method, path, query);
        assertThat(info.verb()).isEqualTo(verb);
        assertThat(info.group()).isEqualTo(group);
        assertThat(info.resource()).isEqualTo(resource);
        assertThat(info.subresource()).isEqualTo(subresource);
        assertThat(info.namespace()).isEqualTo(namespace);
        assertThat(info.name()).isEqualTo(name);
    }

    @Test
    void tokenAndAccessReviewsAreAnsweredFromThePolicyAndRecorded() {
        api.policy().token("t-alice", "alice", "dev").allow("alice", "get", "", "persistentvolumeclaims", "shop");

        TokenReview known = client.resource(new TokenReviewBuilder().withNewSpec().withToken("t-alice").endSpec()
                .build()).create();
        TokenReview unknown = client.resource(new TokenReviewBuilder().withNewSpec().withToken("nope").endSpec()
                .build()).create();
        SubjectAccessReview inShop = client.resource(review("alice", "get", "shop")).create();
        SubjectAccessReview inOther = client.resource(review("alice", "get", "other")).create();

        assertThat(known.getStatus().getAuthenticated()).isTrue();
        assertThat(known.getStatus().getUser().getUsername()).isEqualTo("alice");
        assertThat(known.getStatus().getUser().getGroups()).containsExactly("dev");
        assertThat(unknown.getStatus().getAuthenticated()).isFalse();
        assertThat(inShop.getStatus().getAllowed()).isTrue();
        assertThat(inOther.getStatus().getAllowed()).isFalse();
        assertThat(api.policy().reviews()).hasSize(4);
    }

    private static SubjectAccessReview review(String user, String verb, String namespace) {
        return new SubjectAccessReviewBuilder().withNewSpec().withUser(user).withNewResourceAttributes()
                .withVerb(verb).withGroup("").withResource("persistentvolumeclaims").withNamespace(namespace)
                .withName("data").endResourceAttributes().endSpec().build();
    }

    /**
     * A watch that ends and resumes loses nothing: a real API server replays what happened since the client's
     * resourceVersion, or answers 410 Gone so the client lists again. fabric8's mock did neither (a resumed watch got
     * the objects that exist, never the deletions it missed), so an informer kept a deleted object for good.
     */
    @Test
    void anInformerSeesADeletionMadeWhileItsWatchWasDown() throws Exception {
        String ns = "resume";
        client.resource(Fixtures.namespace(ns)).create();
        for (String name : new String[] {"kept", "deleted-in-the-gap", "replaced-in-the-gap"}) {
            client.configMaps().inNamespace(ns).resource(configMap(name, "1")).create();
        }
        try (SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(ns).inform()) {
            informer.run();
            await().atMost(Duration.ofSeconds(10)).until(() -> informer.getStore().list().size() == 3);
            // an event after the list: the informer's resourceVersion is now that of an event, not of the list
            client.configMaps().inNamespace(ns).resource(configMap("kept", "2")).update();
            await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(data(informer, "kept")));
            String replacedUid = informer.getStore().getByKey(ns + "/replaced-in-the-gap").getMetadata().getUid();

            assertThat(api.endWatches()).isPositive();
            client.configMaps().inNamespace(ns).withName("deleted-in-the-gap").delete();
            client.configMaps().inNamespace(ns).withName("replaced-in-the-gap").delete();
            client.configMaps().inNamespace(ns).resource(configMap("replaced-in-the-gap", "new")).create();
            client.configMaps().inNamespace(ns).resource(configMap("created-after", "1")).create();

            await().atMost(Duration.ofSeconds(20)).pollInterval(50, TimeUnit.MILLISECONDS).untilAsserted(() -> {
                assertThat(informer.getStore().listKeys()).containsExactlyInAnyOrder(ns + "/kept",
                        ns + "/replaced-in-the-gap", ns + "/created-after");
                assertThat(data(informer, "replaced-in-the-gap")).isEqualTo("new");
                assertThat(informer.getStore().getByKey(ns + "/replaced-in-the-gap").getMetadata().getUid())
                        .isNotEqualTo(replacedUid);
            });
        }
    }

    private static String data(SharedIndexInformer<ConfigMap> informer, String name) {
        ConfigMap c = informer.getStore().getByKey("resume/" + name);
        return c == null ? null : c.getData().get("v");
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("resume").endMetadata()
                .addToData("v", value).build();
    }
}

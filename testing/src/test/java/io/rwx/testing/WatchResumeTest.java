package io.rwx.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.rwx.testing.kubernetes.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A watch that ends and resumes loses nothing: a real API server replays what happened since the client's
 * resourceVersion, or answers 410 Gone so the client lists again. fabric8's mock did neither (a resumed watch got
 * the objects that exist, never the deletions it missed), so an informer kept a deleted object for good.
 */
class WatchResumeTest {

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

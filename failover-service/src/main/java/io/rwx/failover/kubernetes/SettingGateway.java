package io.rwx.failover.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.crds.Longhorn;
import io.rwx.crds.Setting;
import io.rwx.failover.config.FailoverConfig;
import io.rwx.failover.model.FailoverSettings;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the failover settings from the system namespace at the moment of decision (never cached). */
@ApplicationScoped
public class SettingGateway {

    private final KubernetesClient client;
    private final String namespace;

    public SettingGateway(KubernetesClient client, FailoverConfig config) {
        this.client = client;
        this.namespace = config.systemNamespace();
    }

    public FailoverSettings read() {
        return FailoverSettings.parse(value(Longhorn.SETTING_AUTO_DELETE_POD),
                value(Longhorn.SETTING_AUTO_DELETE_BLACKLIST), value(Longhorn.SETTING_NODE_DOWN_POD_DELETION_POLICY));
    }

    private String value(String key) {
        Setting s = client.resources(Setting.class).inNamespace(namespace).withName(key).get();
        return s == null ? null : s.getValue();
    }
}

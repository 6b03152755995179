package io.rwx.testing.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import io.rwx.events.Topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real KRaft broker that requires SASL and authorizes with ACLs (Kafka's StandardAuthorizer), as a production
 * cluster run by Strimzi does: its client listener speaks SASL_PLAINTEXT with SCRAM-SHA-512 for the services and
 * PLAIN for the test's super user ({@link JaasUtils#KAFKA_PLAIN_ADMIN}), which creates the topics, the SCRAM users
 * and their ACLs. Nothing connects without credentials, and a user may do only what its ACLs allow.
 */
public final class KafkaSaslBroker implements AutoCloseable {

    public static final String MECHANISM = "SCRAM-SHA-512";

    private final KafkaClusterTestKit cluster;

    private KafkaSaslBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static KafkaSaslBroker start() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                    // the controller too: its principal must be the super user for the authorizer to let the broker in
                    .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                    .build())
                    .setConfigProp("sasl.enabled.mechanisms", "PLAIN," + MECHANISM)
                    .setConfigProp("listener.name.external.scram-sha-512.sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "2")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("allow.everyone.if.no.acl.found", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            KafkaSaslBroker broker = new KafkaSaslBroker(cluster);
            broker.createContractTopics();
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the SASL Kafka test broker", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client properties of the super user (PLAIN): the test's own producer, consumer and admin. */
    public Map<String, Object> superUser() {
        return client("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";");
    }

    /** Client properties of a SCRAM user, as a service configures them. */
    public Map<String, Object> scramUser(String user, String password) {
        return client(MECHANISM, jaas(user, password));
    }

    /** The {@code sasl.jaas.config} of a SCRAM user (what a Strimzi KafkaUser's Secret holds). */
    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private Map<String, Object> client(String mechanism, String jaas) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name);
        props.put(SaslConfigs.SASL_MECHANISM, mechanism);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, jaas);
        return props;
    }

    /** Creates (or updates) a SCRAM-SHA-512 user. */
    public void addScramUser(String user, String password) {
        try (Admin admin = Admin.create(superUser())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create SCRAM user " + user, e);
        }
    }

    public void allow(Collection<AclBinding> acls) {
        try (Admin admin = Admin.create(superUser())) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create ACLs " + acls, e);
        }
    }

    private void createContractTopics() throws Exception {
        try (Admin admin = Admin.create(superUser())) {
            List<NewTopic> topics = new ArrayList<>();
            for (Topic t : Topic.values()) {
                topics.add(new NewTopic(t.defaultName(), 2, (short) 1));
                topics.add(new NewTopic(t.defaultDlqName(), 1, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            // best effort
        }
    }
}

package io.rwx.events.node;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("A workload pod could not mount an RWX volume because its node lacks the NFS client (the mount said: you might need a /sbin/mount.<type> helper program); keyed by node.")
public record NfsClientMissing(
        @JsonProperty(required = true) String node,
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String pod,
        String volume,
        String pvc,
        @JsonPropertyDescription("The mount type whose helper is missing, e.g. nfs or nfs4") String mountType,
        @JsonProperty(required = true) @JsonPropertyDescription("The FailedMount event message") String message,
        @JsonProperty(required = true) @JsonPropertyDescription("What to do, naming the packages") String remedy) implements EventData {

    public NfsClientMissing {
        Check.text(node, "node");
        Check.text(namespace, "namespace");
        Check.text(pod, "pod");
        Check.text(message, "message");
        Check.text(remedy, "remedy");
    }

    /** Debian/Ubuntu package that provides the NFSv4 client. */
    public static final String DEBIAN_PACKAGE = "nfs-common";
    /** RHEL/CentOS/Fedora/SUSE package that provides the NFSv4 client. */
    public static final String RPM_PACKAGE = "nfs-utils";

    /** The standard remedy text for a node. */
    public static String remedyFor(String node) {
        return "install the NFSv4 client on node " + node + ": 'apt install " + DEBIAN_PACKAGE
                + "' on Debian/Ubuntu, 'yum install " + RPM_PACKAGE + "' on RHEL/CentOS/Fedora/SUSE";
    }

    @Override
    public String subject() {
        return node;
    }
}

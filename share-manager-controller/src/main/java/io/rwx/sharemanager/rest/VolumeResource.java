package io.rwx.sharemanager.rest;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rwx.crds.AccessMode;
import io.rwx.crds.Volume;
import io.rwx.crds.VolumeState;
import io.rwx.sharemanager.config.ShareManagerConfig;
import io.rwx.sharemanager.kubernetes.ClaimGateway;
import io.rwx.sharemanager.kubernetes.VolumeGateway;
import io.rwx.sharemanager.model.AccessModeRules;
import io.rwx.sharemanager.model.VolumeClaimObjects;
import io.rwx.sharemanager.rest.VolumeRequests.ChangeAccessMode;
import io.rwx.sharemanager.rest.VolumeRequests.CreateClaim;
import io.rwx.sharemanager.rest.VolumeRequests.CreateVolume;
import io.rwx.sharemanager.rest.VolumeRequests.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

@Path("/volumes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "volumes", description = "Volume access modes, shares, and PV/PVC creation")
public class VolumeResource {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private final VolumeGateway volumes;
    private final ClaimGateway claims;
    private final String systemNamespace;

    public VolumeResource(VolumeGateway volumes, ClaimGateway claims, ShareManagerConfig config) {
        this.volumes = volumes;
        this.claims = claims;
        this.systemNamespace = config.systemNamespace();
    }

    @GET
    @Operation(summary = "List volumes with access mode, share state and endpoint")
    public List<VolumeView> list() {
        return volumes.list().stream().map(v -> VolumeView.of(v, claimName(v.getMetadata().getName()))).toList();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Get a volume")
    @APIResponse(responseCode = "404", description = "No such volume")
    public Response get(@PathParam("name") String name) {
        return volumes.get(name).map(v -> Response.ok(VolumeView.of(v, claimName(name))).build())
                .orElseGet(() -> problem(404, "not-found", "no volume " + name));
    }

    @POST
    @Operation(summary = "Create a volume with an access mode", description = "For manually created volumes (restore, DR); it starts detached")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid name, size or access mode")
    @APIResponse(responseCode = "409", description = "A volume of that name exists")
    public Response create(CreateVolume body) {
        if (body == null || body.name() == null || !NAME.matcher(body.name()).matches() || body.name().length() > 63) {
            return problem(400, "invalid-name", "name must be a DNS-1123 label");
        }
        Optional<AccessMode> mode = mode(body.accessMode());
        if (mode.isEmpty()) {
            return problem(400, "invalid-access-mode", "accessMode must be rwo, rwx or rwop, was '"
                    + body.accessMode() + "'");
        }
        Optional<Long> bytes = bytes(body.size());
        if (bytes.isEmpty()) {
            return problem(400, "invalid-size", "size must be a positive number of bytes or a quantity like 10Gi");
        }
        if (volumes.get(body.name()).isPresent()) {
            return problem(409, "exists", "volume " + body.name() + " exists");
        }
        Volume v = new Volume();
        v.getMetadata().setName(body.name());
        v.getMetadata().setNamespace(systemNamespace);
        v.getSpec().setAccessMode(mode.get());
        v.getSpec().setSize(Long.toString(bytes.get()));
        v.getSpec().setNumberOfReplicas(3);
        Volume created = volumes.create(v);
        return Response.status(201).entity(VolumeView.of(created, null)).build();
    }

    @PUT
    @Path("/{name}/accessMode")
    @Operation(summary = "Change the access mode", description = "Only while the volume is detached and not bound to a PVC")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "404", description = "No such volume")
    @APIResponse(responseCode = "409", description = "Bound to a PVC (named) or attached")
    public Response changeAccessMode(@PathParam("name") String name, ChangeAccessMode body) {
        Optional<AccessMode> mode = mode(body == null ? null : body.accessMode());
        if (mode.isEmpty()) {
            return problem(400, "invalid-access-mode", "accessMode must be rwo, rwx or rwop");
        }
        Optional<Volume> volume = volumes.get(name);
        if (volume.isEmpty()) {
            return problem(404, "not-found", "no volume " + name);
        }
        String claim = claimName(name);
        VolumeState state = volume.get().getStatus() == null ? null : volume.get().getStatus().getState();
        AccessModeRules.Verdict verdict = AccessModeRules.change(name, state, claim);
        if (!verdict.allowed()) {
            return problem(409, claim != null ? "bound-to-pvc" : "attached", verdict.message());
        }
        try {
            return Response.ok(VolumeView.of(volumes.setAccessMode(volume.get(), mode.get()), null)).build();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return problem(409, "conflict", "volume " + name + " changed meanwhile: retry");
            }
            throw e;
        }
    }

    @POST
    @Path("/{name}/pvc")
    @Operation(summary = "Create a PV and a PVC for the volume", description = "Their access modes follow the volume's")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "404", description = "No such volume")
    @APIResponse(responseCode = "409", description = "The volume already has a PV")
    public Response createClaim(@PathParam("name") String name, CreateClaim body) {
        if (body == null || body.namespace() == null || !NAME.matcher(body.namespace()).matches()
                || body.pvcName() == null || !NAME.matcher(body.pvcName()).matches()) {
            return problem(400, "invalid-name", "namespace and pvcName must be DNS-1123 labels");
        }
        Optional<Volume> volume = volumes.get(name);
        if (volume.isEmpty()) {
            return problem(404, "not-found", "no volume " + name);
        }
        if (claims.persistentVolumeOf(name).isPresent()) {
            return problem(409, "has-pv", "volume " + name + " already has a PV");
        }
        String pvName = body.pvName() == null ? name : body.pvName();
        String storageClass = body.storageClassName() == null ? "longhorn" : body.storageClassName();
        String accessMode = VolumeClaimObjects.accessMode(volume.get());
        PersistentVolume pv = claims.create(VolumeClaimObjects.generatePersistentVolume(volume.get(), pvName,
                storageClass, body.namespace(), body.pvcName()));
        PersistentVolumeClaim pvc = claims.create(VolumeClaimObjects.generateClaim(volume.get(),
                pv.getMetadata().getName(), storageClass, body.namespace(), body.pvcName()));
        return Response.status(201).entity(Map.of("pv", pv.getMetadata().getName(), "pvc",
                pvc.getMetadata().getNamespace() + "/" + pvc.getMetadata().getName(), "accessModes",
                List.of(accessMode))).build();
    }

    private String claimName(String volume) {
        return claims.claimRefOf(volume).map(r -> r.getNamespace() + "/" + r.getName()).orElse(null);
    }

    private static Optional<AccessMode> mode(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(AccessMode.fromValue(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> bytes(String size) {
        try {
            long b = size == null ? -1 : new Quantity(size).getNumericalAmount().longValueExact();
            return b > 0 ? Optional.of(b) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Response problem(int status, String reason, String message) {
        return Response.status(status).entity(new Problem(reason, message)).build();
    }
}

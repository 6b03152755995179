package io.rwx.sharemanager.rest;

import io.rwx.crds.AccessMode;
import io.rwx.crds.Volume;
import io.rwx.kit.http.Access;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.model.Permission;
import io.rwx.sharemanager.ShareManagerReconciler;
import io.rwx.sharemanager.VolumeAccessModes;
import io.rwx.sharemanager.VolumeClaims;
import io.rwx.sharemanager.config.ShareManagerConfig;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The volume API. Reads answer from the informer cache; every write runs in the volume's lane (so concurrent
 * requests for one volume are serialised with each other and with the reconciler) and names are validated before
 * anything reaches the API server.
 */
@Path("/volumes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "volumes", description = "Volume access modes, shares, and PV/PVC creation")
public class VolumeResource {

    private final ClusterCache cache;
    private final ShareManagerReconciler reconciler;
    private final VolumeAccessModes accessModes;
    private final VolumeClaims claims;
    private final Access access;
    private final String systemNamespace;

    public VolumeResource(ClusterCache cache, ShareManagerReconciler reconciler, VolumeAccessModes accessModes,
            VolumeClaims claims, Access access, ShareManagerConfig config) {
        this.cache = cache;
        this.reconciler = reconciler;
        this.accessModes = accessModes;
        this.claims = claims;
        this.access = access;
        this.systemNamespace = config.systemNamespace();
    }

    /** The caller may do this to Longhorn Volumes themselves (a 403 naming what they lack, else empty). */
    private Optional<Response> denied(SecurityContext security, String verb, String name, String why) {
        return access.denied(Access.caller(security), new Permission(verb, "longhorn.io", "volumes", systemNamespace,
                name, why));
    }

    @GET
    @Operation(summary = "List volumes with access mode, share state and endpoint")
    @APIResponse(responseCode = "403", description = "The caller may not list volumes.longhorn.io")
    public Response list(@Context SecurityContext security) {
        Optional<Response> denied = denied(security, "list", null, "list volumes");
        if (denied.isPresent()) {
            return denied.get();
        }
        return Response.ok(cache.volumes().stream().sorted(java.util.Comparator.comparing(v -> v.getMetadata().getName()))
                .map(v -> VolumeView.of(v, claimName(v.getMetadata().getName()))).toList()).build();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Get a volume")
    @APIResponse(responseCode = "404", description = "No such volume")
    @APIResponse(responseCode = "403", description = "The caller may not get the volume")
    public Response get(@PathParam("name") String name, @Context SecurityContext security) {
        Optional<Response> invalid = Names.invalidVolume(name).or(() -> denied(security, "get", name, "read the volume"));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        return cache.volume(name).map(v -> Response.ok(VolumeView.of(v, claimName(name))).build())
                .orElseGet(() -> Problems.of(404, "not-found", "name", "no volume " + name));
    }

    @POST
    @Operation(summary = "Create a volume with an access mode", description = "For manually created volumes (restore, DR); it starts detached")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid name, size or access mode")
    @APIResponse(responseCode = "409", description = "A volume of that name exists")
    public Response create(CreateVolume body, @Context SecurityContext security) {
        if (body == null) {
            return Problems.of(400, "invalid-request", null, "a JSON body is required");
        }
        Optional<Response> invalid = Names.invalidVolume(body.name())
                .or(() -> denied(security, "create", null, "create a volume"));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Optional<AccessMode> mode = mode(body.accessMode());
        if (mode.isEmpty()) {
            return Problems.of(400, "invalid-access-mode", "accessMode", "accessMode must be rwo, rwx or rwop, was '"
                    + Names.shown(body.accessMode()) + "'");
        }
        Optional<Long> bytes = Names.bytes(body.size());
        if (bytes.isEmpty()) {
            return Problems.of(400, "invalid-size", "size", "size must be a positive number of bytes or a quantity "
                    + "like 10Gi, was '" + Names.shown(body.size()) + "'");
        }
        return inLane(body.name(), () -> {
            Optional<Volume> created = claims.createVolume(body.name(), mode.get(), bytes.get());
            return created.map(v -> Response.status(201).entity(VolumeView.of(v, null)).build())
                    .orElseGet(() -> Problems.of(409, "exists", "name", "volume " + body.name() + " exists"));
        });
    }

    @PUT
    @Path("/{name}/accessMode")
    @Operation(summary = "Change the access mode", description = "Only while the volume is detached and not bound to a PVC")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "404", description = "No such volume")
    @APIResponse(responseCode = "409", description = "Bound to a PVC (named) or attached")
    public Response changeAccessMode(@PathParam("name") String name, ChangeAccessMode body,
            @Context SecurityContext security) {
        Optional<Response> invalid = Names.invalidVolume(name)
                .or(() -> denied(security, "update", name, "change the volume's access mode"));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        Optional<AccessMode> mode = mode(body == null ? null : body.accessMode());
        if (mode.isEmpty()) {
            return Problems.of(400, "invalid-access-mode", "accessMode", "accessMode must be rwo, rwx or rwop");
        }
        Response response = inLane(name, () -> {
            VolumeAccessModes.Change change = accessModes.change(name, mode.get());
            if (change instanceof VolumeAccessModes.Changed c) {
                return Response.ok(VolumeView.of(c.volume(), null)).build();
            }
            if (change instanceof VolumeAccessModes.Refused r) {
                return Problems.of(409, r.reason(), "accessMode", r.message());
            }
            return Problems.of(404, "not-found", "name", "no volume " + name);
        });
        if (response.getStatus() == 200) {
            reconciler.request(name); // entering or leaving RWX: the share follows now, not on the next pass
        }
        return response;
    }

    @POST
    @Path("/{name}/pvc")
    @Operation(summary = "Create a PV and a PVC for the volume", description = "Their access modes follow the volume's")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "404", description = "No such volume")
    @APIResponse(responseCode = "409", description = "The volume already has a PV, or the PV or PVC name is taken")
    public Response createClaim(@PathParam("name") String name, CreateClaim body, @Context SecurityContext security) {
        Optional<Response> invalid = Names.invalidVolume(name);
        if (invalid.isEmpty()) {
            invalid = Names.invalidClaim(body);
        }
        if (invalid.isEmpty()) {
            invalid = access.denied(Access.caller(security),
                    Permission.of("create", "", "persistentvolumeclaims", body.namespace(), "create the PVC"),
                    Permission.of("create", "", "persistentvolumes", null, "create the PV"));
        }
        if (invalid.isPresent()) {
            return invalid.get();
        }
        String pvName = body.pvName() == null ? name : body.pvName();
        String storageClass = body.storageClassName() == null ? "longhorn" : body.storageClassName();
        return inLane(name, () -> {
            VolumeClaims.ClaimResult result = claims.createClaim(name, body.namespace(), body.pvcName(), pvName,
                    storageClass);
            if (result instanceof VolumeClaims.Created c) {
                return Response.status(201).entity(java.util.Map.of("pv", c.pv(), "pvc", c.pvc(), "accessModes",
                        List.of(c.accessMode()))).build();
            }
            VolumeClaims.Refused r = (VolumeClaims.Refused) result;
            return Problems.of(r.status(), r.reason(), r.field(), r.message());
        });
    }

    private Response inLane(String volume, java.util.concurrent.Callable<Response> task) {
        try {
            return reconciler.inLane(volume, task).join();
        } catch (CompletionException e) {
            if (io.rwx.kit.kubernetes.ApiErrors.conflict(e.getCause())) {
                return Problems.of(409, "conflict", null, "volume " + volume + " kept changing meanwhile: retry");
            }
            throw e;
        }
    }

    private String claimName(String volume) {
        return cache.persistentVolumeOf(volume).map(pv -> pv.getSpec().getClaimRef())
                .map(r -> r.getNamespace() + "/" + r.getName()).orElse(null);
    }

    private static Optional<AccessMode> mode(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(AccessMode.fromValue(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package io.rwx.migration.rest;

import io.rwx.kit.http.Access;
import io.rwx.kit.model.Caller;
import io.rwx.kit.model.Permission;
import io.rwx.migration.MigrationCoordinator;
import io.rwx.migration.model.MigrationRequest;
import io.rwx.migration.model.MigrationRequestValidator;
import io.rwx.migration.model.MigrationView;
import io.rwx.migration.model.Rejection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Optional;

@Path("/migrations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "migrations", description = "Copy the data of an old NFS-backed PVC into a new RWX PVC")
public class MigrationResource {

    private final MigrationCoordinator coordinator;
    private final Access access;

    public MigrationResource(MigrationCoordinator coordinator, Access access) {
        this.coordinator = coordinator;
        this.access = access;
    }

    /**
     * What a migration makes the system do, the caller must be allowed to do themselves in that namespace: read the
     * source PVC, write into the target PVC, and, where {@code overwrite} removes files from the target, delete.
     */
    static Permission[] needed(MigrationRequest r) {
        String ns = r.sourceNamespace();
        java.util.List<Permission> needed = new java.util.ArrayList<>(java.util.List.of(
                new Permission("get", "", "persistentvolumeclaims", ns, r.sourcePvc(), "read the source PVC"),
                new Permission("update", "", "persistentvolumeclaims", ns, r.targetPvc(), "write into the target PVC")));
        if (r.options().overwrite()) {
            needed.add(Permission.of("delete", "", "persistentvolumeclaims", ns,
                    "remove files from the target PVC (overwrite)"));
        }
        return needed.toArray(Permission[]::new);
    }

    /** A migration is its Job: reading or cancelling one needs that right on Jobs of its namespace. */
    private Optional<Response> deniedOnJob(SecurityContext security, String verb, MigrationView v, String why) {
        return access.denied(Access.caller(security), new Permission(verb, "batch", "jobs", v.namespace(), v.job(), why));
    }

    @POST
    @Operation(summary = "Request a migration", description = "Validates the request against the cluster and creates the copy Job. The outcome is also published on rwx.migrations.")
    @APIResponse(responseCode = "202", description = "Accepted: the Job was created (or already existed for this id)",
            content = @Content(schema = @Schema(implementation = MigrationView.class)))
    @APIResponse(responseCode = "400", description = "invalid-name, different-namespaces, same-pvc",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "source-not-found, target-not-found",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "migration-in-progress, source-in-use, target-in-use",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "target-not-rwx, target-too-small",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or an unrecognised bearer token")
    @APIResponse(responseCode = "403", description = "The caller may not get the source PVC, update the target PVC, or (overwrite) delete PVCs in the namespace",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Response create(CreateMigration body, @Context UriInfo uri, @Context SecurityContext security) {
        if (body == null) {
            return Response.status(400).entity(new Problem("invalid-request", "a JSON body is required")).build();
        }
        Caller caller = Access.caller(security);
        MigrationRequest request = new MigrationRequest(body.migrationId(), body.namespace(), body.sourceNamespace(),
                body.sourcePvc(), body.targetNamespace(), body.targetPvc(), body.options(), caller.name());
        Optional<Rejection> badNames = MigrationRequestValidator.checkNames(request);
        if (badNames.isEmpty()) { // names first: a SubjectAccessReview is asked only about valid names
            Optional<Response> denied = access.denied(caller, needed(request));
            if (denied.isPresent()) {
                return denied.get();
            }
        }
        MigrationCoordinator.Admission admission = coordinator.request(request);
        if (admission instanceof MigrationCoordinator.Accepted a) {
            return Response.accepted(a.migration())
                    .location(uri.getAbsolutePathBuilder().path(a.migration().id()).build()).build();
        }
        MigrationCoordinator.Refused r = (MigrationCoordinator.Refused) admission;
        return Response.status(r.rejection().httpStatus())
                .entity(new Problem(reasonText(r), r.rejection().message())).build();
    }

    @GET
    @Operation(summary = "List migrations", description = "Migrations whose Job exists, and finished ones this process remembers")
    public List<MigrationView> list(@Context SecurityContext security) {
        Caller caller = Access.caller(security);
        java.util.Map<String, Boolean> mayList = new java.util.HashMap<>();
        return coordinator.list().stream().filter(v -> mayList.computeIfAbsent(v.namespace(), ns -> access.denied(
                caller, Permission.of("list", "batch", "jobs", ns, "list migrations")).isEmpty())).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a migration")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MigrationView.class)))
    @APIResponse(responseCode = "404", description = "No such migration",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        return coordinator.get(id).map(v -> deniedOnJob(security, "get", v, "read the migration")
                        .orElseGet(() -> Response.ok(v).build()))
                .orElseGet(() -> notFound(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel a migration", description = "Deletes the Job of a migration that has not finished")
    @APIResponse(responseCode = "202", description = "Cancelled", content = @Content(schema = @Schema(implementation = MigrationView.class)))
    @APIResponse(responseCode = "404", description = "No such migration")
    @APIResponse(responseCode = "409", description = "Already finished: nothing to cancel")
    public Response cancel(@PathParam("id") String id, @Context SecurityContext security) {
        Optional<MigrationView> current = coordinator.get(id);
        if (current.isEmpty()) {
            return notFound(id);
        }
        Optional<Response> denied = deniedOnJob(security, "delete", current.get(), "cancel the migration");
        if (denied.isPresent()) {
            return denied.get();
        }
        return coordinator.cancel(id, Access.caller(security).name()).map(c -> c.cancelled() ? Response.accepted(c.migration()).build()
                : Response.status(409).entity(new Problem("already-finished", "migration " + id + " already "
                        + c.migration().state().name().toLowerCase() + ": nothing to cancel")).build())
                .orElseGet(() -> notFound(id));
    }

    private static Response notFound(String id) {
        return Response.status(404).entity(new Problem("not-found", "no migration " + id)).build();
    }

    private static String reasonText(MigrationCoordinator.Refused r) {
        return r.rejection().reason().name().toLowerCase().replace('_', '-');
    }
}

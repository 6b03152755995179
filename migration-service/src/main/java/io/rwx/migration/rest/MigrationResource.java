package io.rwx.migration.rest;

import io.rwx.migration.MigrationCoordinator;
import io.rwx.migration.model.MigrationRequest;
import io.rwx.migration.model.MigrationView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/migrations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "migrations", description = "Copy the data of an old NFS-backed PVC into a new RWX PVC")
public class MigrationResource {

    private final MigrationCoordinator coordinator;

    public MigrationResource(MigrationCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @POST
    @Operation(summary = "Request a migration", description = "Validates the request against the cluster and creates the copy Job. The outcome is also published on rwx.migrations.")
    @APIResponse(responseCode = "202", description = "Accepted: the Job was created (or already existed for this id)",
            content = @Content(schema = @Schema(implementation = MigrationView.class)))
    @APIResponse(responseCode = "400", description = "invalid-name, different-namespaces, same-pvc",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "source-not-found, target-not-found",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "migration-in-progress, source-in-use",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "target-not-rwx, target-too-small",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Response create(CreateMigration body, @jakarta.ws.rs.core.Context UriInfo uri) {
        if (body == null) {
            return Response.status(400).entity(new Problem("invalid-request", "a JSON body is required")).build();
        }
        MigrationRequest request = new MigrationRequest(body.migrationId(), body.namespace(), body.sourceNamespace(),
                body.sourcePvc(), body.targetNamespace(), body.targetPvc(), body.options());
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
    public List<MigrationView> list() {
        return coordinator.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a migration")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MigrationView.class)))
    @APIResponse(responseCode = "404", description = "No such migration",
            content = @Content(schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("id") String id) {
        return coordinator.get(id).map(v -> Response.ok(v).build())
                .orElseGet(() -> notFound(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel a migration", description = "Deletes the Job of a migration that has not finished")
    @APIResponse(responseCode = "202", description = "Cancelled", content = @Content(schema = @Schema(implementation = MigrationView.class)))
    @APIResponse(responseCode = "404", description = "No such migration")
    @APIResponse(responseCode = "409", description = "Already finished: nothing to cancel")
    public Response cancel(@PathParam("id") String id) {
        return coordinator.cancel(id).map(c -> c.cancelled() ? Response.accepted(c.migration()).build()
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

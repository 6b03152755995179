package io.rwx.sharemanager.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Error answers of the volume API: a JSON problem naming the reason and, where one is at fault, the field. */
final class Problems {

    private Problems() {
    }

    static Response of(int status, String reason, String field, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new VolumeRequests.Problem(reason, field, message)).build();
    }
}

package io.rwx.migration.rest;

/** Error body: a machine-readable reason and a sentence for people. */
public record Problem(String reason, String message) {
}

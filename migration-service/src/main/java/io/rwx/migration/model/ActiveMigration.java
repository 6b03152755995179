package io.rwx.migration.model;

/** A migration that has not finished yet, by the PVCs it touches. */
public record ActiveMigration(String id, String namespace, String sourcePvc, String targetPvc) {

    public boolean touches(String ns, String pvc) {
        return namespace.equals(ns) && (sourcePvc.equals(pvc) || targetPvc.equals(pvc));
    }
}

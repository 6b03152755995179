package io.rwx.sharemanager.kubernetes;

/** What a gateway's reconcile did. */
public enum Outcome { NOOP, CREATED, PATCHED, DELETED }

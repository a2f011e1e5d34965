package io.medic.supervision;

/** OTP's {@code type} child spec field: decides the default shutdown (5 s for a worker, infinity for a supervisor). */
public enum ChildType {
    WORKER,
    SUPERVISOR
}

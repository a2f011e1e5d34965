package io.medic.cluster;

import io.medic.cluster.internal.ClusterServices;

/** Placeholder replaced below. */
public final class Global {
    Global(ClusterServices services) {
    }
}

package com.example.shop;

import io.medic.supervision.Application;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import java.time.Duration;

/** The shop application: a one_for_one supervisor over one registered counter. */
public final class Shop {
    private Shop() {
    }

    public static Application application() {
        SupervisorSpec top = SupervisorSpec.of(
                SupervisorFlags.oneForOne().withIntensity(3).withPeriod(Duration.ofSeconds(5)),
                ChildSpec.worker("counter", Counter::new).withName("counter"));
        return Application.permanent("shop", top);
    }
}

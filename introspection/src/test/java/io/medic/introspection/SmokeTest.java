package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void nodeAnswers() {
        try (MedicHttp http = MedicHttp.start("smoke", "")) {
            MedicHttp.Response r = http.get("/medic/node");
            System.out.println(r);
            System.out.println(http.get("/medic/node/memory"));
            System.out.println(http.get("/medic/node/schedulers?ms=100"));
            System.out.println(http.get("/medic/processes?sort=memory"));
            System.out.println(http.get("/medic/nope"));
            System.out.println(http.get("/ready"));
            assertEquals(200, r.status());
        }
    }
}

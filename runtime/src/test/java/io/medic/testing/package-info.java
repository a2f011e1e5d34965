/**
 * What every module's tests share, published as medic-runtime's test-jar: {@link io.medic.testing.Await}
 * (the one way to wait for a condition), {@link io.medic.testing.Gate} and {@link io.medic.testing.Block}
 * (holding a process inside a handler), {@link io.medic.testing.LogCapture} with
 * {@link io.medic.testing.ExpectLog} (crashes caused on purpose stay out of the build's output; anything
 * else at WARN or above is printed), and the test servers that several modules use.
 */
package io.medic.testing;

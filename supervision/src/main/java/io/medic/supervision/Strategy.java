package io.medic.supervision;

/** Restart strategies: OTP's {@code strategy} supervisor flag. */
public enum Strategy {
    /** Only the failed child is restarted. */
    ONE_FOR_ONE,
    /** All children are stopped (in reverse start order) and restarted (in start order). */
    ONE_FOR_ALL,
    /** The failed child and the children started after it are stopped and restarted. */
    REST_FOR_ONE,
    /** One child spec, many dynamically added children of it; each restarted on its own. */
    SIMPLE_ONE_FOR_ONE
}

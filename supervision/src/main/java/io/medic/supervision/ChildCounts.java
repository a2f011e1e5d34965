package io.medic.supervision;

/**
 * {@code supervisor:count_children/1}.
 *
 * @param specs       child specs (for simple_one_for_one: the number of children)
 * @param active      children that are alive
 * @param supervisors child specs of type supervisor (alive or not)
 * @param workers     child specs of type worker (alive or not)
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) {
}

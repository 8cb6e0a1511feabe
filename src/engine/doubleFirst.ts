/**
 * The first value of an object's number field that holds times. V8 gives a field the representation of
 * the first value stored in it: when that is a small integer and a later value is not (a time computed
 * as a double, or past 2^31 ms), V8 changes the field's representation for every object of that shape,
 * migrates each of them when next touched and drops the code compiled for the old shape (`node
 * --trace-migration`: capacity-50k migrated some 50,000 image records, Deployments and commits). A record
 * made in large numbers sets such a field to DOUBLE_FIRST, a double, and then to its value.
 */
export const DOUBLE_FIRST = Number.NaN;

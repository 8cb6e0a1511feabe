/**
 * Empties an array that is filled and emptied again and again (a scratch
 * array reused from call to call), keeping its backing store: V8 drops the
 * store on `length = 0`, so the next push allocates a new one (17 slots),
 * while pop only lowers the length.
 */
export function emptyScratch(array: unknown[]): void {
  while (array.length > 0) array.pop();
}

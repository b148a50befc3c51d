export interface TagChange {
  add: readonly string[];
  remove: readonly string[];
}

/** A contact's tags after a change: added first, then removed; order kept, no duplicates. */
export function applyTagChange(tags: readonly string[], change: TagChange): string[] {
  const after = new Set(tags);
  change.add.forEach((tag) => after.add(tag));
  change.remove.forEach((tag) => after.delete(tag));
  return [...after];
}

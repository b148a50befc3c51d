/** How a trait's value is typed in the form; anything else (lists, objects) is edited as JSON. */
export type TraitType = 'text' | 'number' | 'boolean' | 'json';

export interface TraitRow {
  key: number;
  name: string;
  type: TraitType;
  value: string;
}

let nextKey = 0;

export function newTraitRow(): TraitRow {
  return { key: nextKey++, name: '', type: 'text', value: '' };
}

export function traitRows(traits: Record<string, unknown>): TraitRow[] {
  return Object.entries(traits).map(([name, value]) => {
    const key = nextKey++;
    if (typeof value === 'string') return { key, name, type: 'text', value };
    if (typeof value === 'number') return { key, name, type: 'number', value: String(value) };
    if (typeof value === 'boolean') return { key, name, type: 'boolean', value: String(value) };
    return { key, name, type: 'json', value: JSON.stringify(value) };
  });
}

/** Why a row cannot be saved, as a translation key of the contacts namespace. */
export type TraitProblem = 'traits.nameRequired' | 'traits.badName' | 'traits.duplicate' | 'traits.notNumber' | 'traits.notJson';

/** The API's rule for trait names: they become paths on the contact. */
const traitName = /^[^$.][^.]{0,199}$/;

function valueOf(row: TraitRow): { value: unknown } | { problem: TraitProblem } {
  switch (row.type) {
    case 'text':
      return { value: row.value };
    case 'number': {
      const value = Number(row.value);
      return row.value.trim() !== '' && Number.isFinite(value) ? { value } : { problem: 'traits.notNumber' };
    }
    case 'boolean':
      return { value: row.value === 'true' };
    case 'json':
      try {
        return { value: JSON.parse(row.value) as unknown };
      } catch {
        return { problem: 'traits.notJson' };
      }
  }
}

/**
 * The traits to send: only those added or changed, and `null` for those removed (the API's way
 * to delete one), so values the form shows as text (dates) are not rewritten by a save.
 */
export function traitChanges(original: Record<string, unknown>, rows: readonly TraitRow[]): { changes: Record<string, unknown> } | { problems: Map<number, TraitProblem> } {
  const problems = new Map<number, TraitProblem>();
  const changes: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    if (!name) {
      if (row.value.trim()) problems.set(row.key, 'traits.nameRequired');
      continue;
    }
    if (!traitName.test(name)) problems.set(row.key, 'traits.badName');
    else if (seen.has(name)) problems.set(row.key, 'traits.duplicate');
    seen.add(name);
    const parsed = valueOf(row);
    if ('problem' in parsed) problems.set(row.key, parsed.problem);
    else if (!(name in original) || JSON.stringify(original[name]) !== JSON.stringify(parsed.value)) changes[name] = parsed.value;
  }
  for (const name of Object.keys(original)) if (!seen.has(name)) changes[name] = null;
  return problems.size ? { problems } : { changes };
}

import { compile, type Catalogue, type CompileError, type JourneyDefinition, type Plan } from '@trellis/journey';
import { useDeferredValue, useMemo } from 'react';

export interface Problem extends CompileError {
  /** `server`: found by the API's checks on the saved draft (message templates, rules JSON Schema cannot express). */
  source: 'editor' | 'server';
}

export interface Validation {
  problems: Problem[];
  byNode: ReadonlyMap<string, Problem[]>;
  /** The compiled plan when there are no problems: what a test run simulates. */
  plan?: Plan;
  /** False until the draft has been compiled once: nothing may be published before. */
  checked: boolean;
}

const keyOf = (error: CompileError) => `${error.code}\0${error.nodeId ?? ''}\0${error.field ?? ''}`;

/**
 * What only the API can judge: node and journey settings (zod refinements, message templates).
 * The graph checks run the same in the browser, which always has the newer draft.
 */
const serverOnly = new Set<CompileError['code']>(['invalid_config', 'invalid_settings']);

/**
 * Compiles the draft as it is edited (deferred, so typing stays smooth on big journeys), and adds
 * what the API found on the last save that the browser's compile did not.
 */
export function useValidation(definition: JourneyDefinition, catalogue: Catalogue | undefined, serverErrors: readonly CompileError[]): Validation {
  // Undefined at first, so even the first compile happens after the canvas is on screen.
  const deferred = useDeferredValue<JourneyDefinition | undefined>(definition, undefined);
  const compiled = useMemo(() => (catalogue && deferred ? compile(deferred, catalogue) : undefined), [deferred, catalogue]);
  return useMemo(() => {
    const local: Problem[] = compiled && !compiled.ok ? compiled.errors.map((error) => ({ ...error, source: 'editor' as const })) : [];
    const seen = new Set(local.map(keyOf));
    const nodeIds = new Set((deferred ?? definition).nodes.map((node) => node.id));
    const remote = serverErrors
      .filter((error) => serverOnly.has(error.code) && !seen.has(keyOf(error)) && (!error.nodeId || nodeIds.has(error.nodeId)))
      .map((error) => ({ ...error, source: 'server' as const }));
    const problems = [...local, ...remote];
    const byNode = new Map<string, Problem[]>();
    for (const problem of problems) if (problem.nodeId) byNode.set(problem.nodeId, [...(byNode.get(problem.nodeId) ?? []), problem]);
    return { problems, byNode, plan: compiled?.ok && remote.length === 0 ? compiled.plan : undefined, checked: compiled !== undefined };
  }, [compiled, serverErrors, deferred, definition]);
}

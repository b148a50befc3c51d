import { Plan, simulate, SimulationRun, simulationScript, SimulationScriptInput } from '@trellis/journey';
import { createFullCatalogue } from '../index';
import { simulateActions } from '../simulate-actions';

const runActions = simulateActions(createFullCatalogue());

/** Simulates a script a test expects to run cleanly with the built-in nodes, failing loudly with the issues if not. */
export async function simulateScript(plan: Plan, script: SimulationScriptInput): Promise<SimulationRun> {
  const parsed = simulationScript.parse(script);
  const actions = parsed.messagingPolicy ? simulateActions(createFullCatalogue(), { policy: parsed.messagingPolicy }) : runActions;
  const result = await simulate(plan, parsed, actions);
  if (!result.ok) throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
  return result;
}

import { condition, defineSignal, setHandler } from '@temporalio/workflow';

/** Bare Temporal's share of an enrolment: started and completed, nothing else. */
export async function trivialWorkflow(): Promise<string> {
  return 'done';
}

export const pokeSignal = defineSignal('poke');

/** Bare Temporal's share of routing: a workflow that waits for one signal, then completes. */
export async function waitForPokeWorkflow(): Promise<string> {
  let poked = false;
  setHandler(pokeSignal, () => {
    poked = true;
  });
  await condition(() => poked);
  return 'poked';
}

import { portsOf, type Catalogue, type SimulateAction } from '@trellis/journey';

/**
 * How a test run in the browser treats action nodes. Their `execute` lives on the server, so here
 * an action is recorded, not performed: the contact leaves by the port the user chose for that node
 * (for nodes with several, e.g. a message split on sent / not sent), else its first port.
 */
export function recordedActions(catalogue: Catalogue, chosenPorts: Readonly<Record<string, string>>): SimulateAction {
  return async (command) => {
    const spec = catalogue.get(command.nodeType);
    const ports = spec ? portsOf(spec.ports, command.config) : [];
    const chosen = chosenPorts[command.nodeId];
    const port = chosen && ports.includes(chosen) ? chosen : ports[0];
    return { ...(port ? { port } : {}), output: { simulated: true } };
  };
}

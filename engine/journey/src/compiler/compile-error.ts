/**
 * Everything the compiler can reject, with the fix a user should make. The editor pins each
 * error on `nodeId` (and highlights `field` in the inspector), so every code names one place.
 */
export const compileErrorCodes = {
  invalid_definition: 'The journey JSON does not have the expected shape.',
  duplicate_node_id: 'Two nodes share an id; give each node its own id.',
  unknown_node_type: 'The node type is not in the catalogue; pick a type from the palette.',
  invalid_config: 'A node setting is missing or has the wrong value.',
  no_trigger: 'The journey has no trigger; add one so contacts can enter.',
  multiple_triggers: 'A journey has exactly one trigger; remove the extra ones.',
  trigger_has_incoming: 'Nothing may lead back into a trigger; connect to the node after it.',
  unknown_port: 'An edge leaves from a port the node does not have.',
  dangling_edge: 'An edge points at a node that does not exist.',
  duplicate_port_edge: 'A port may lead to only one node; remove the extra connection.',
  unconnected_port: 'A port leads nowhere; connect it or end the path with an Exit node.',
  unreachable_node: 'No path from the trigger reaches this node; connect it or delete it.',
  cycle_without_wait: 'A loop must pass through a wait that always waits (a delay, a time of day or an event), or a contact could spin forever.',
  missing_timeout: 'A wait for an event or a condition needs a timeout, or contacts could wait forever.',
  split_weights: 'The arms of a split must add up to 100%.',
  invalid_settings: 'A journey setting (entry rules, goal, exit criteria) is missing or has the wrong value.',
  goal_is_trigger: 'The goal event is the event that enrols contacts: everyone would convert on entry.',
} as const;

export type CompileErrorCode = keyof typeof compileErrorCodes;

export interface CompileError {
  code: CompileErrorCode;
  message: string;
  nodeId?: string;
  /** Dotted path into the node's config (or into the journey JSON for invalid_definition). */
  field?: string;
}

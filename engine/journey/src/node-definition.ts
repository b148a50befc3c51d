import { z } from 'zod';
import { PortDeclaration } from './ports';
import { Schedule } from './time/schedule';

export const nodeCategories = ['trigger', 'wait', 'branch', 'action', 'exit'] as const;
export type NodeCategory = (typeof nodeCategories)[number];

/**
 * Everything the compiler, the interpreter, the API and the editor need to know about a node
 * type. Execution of actions is added on top by `engine/nodes`, so this stays free of I/O.
 */
export interface NodeSpec<TType extends string = string, TConfig = unknown> {
  readonly type: TType;
  readonly category: NodeCategory;
  readonly title: string;
  readonly description: string;
  /** Name of an icon in the editor's icon set. */
  readonly icon: string;
  readonly config: z.ZodType<TConfig>;
  /** Output ports, in the order the editor draws them; empty for terminal nodes. */
  readonly ports: PortDeclaration;
  /** Event names a contact at this node reacts to: the runtime routes them to its enrolment. */
  readonly listensTo?: (config: TConfig) => readonly string[];
  /**
   * For a wait that can let a contact through at once (a condition already true, a date already
   * past): such a wait does not break a loop, so the compiler does not count it as one.
   */
  readonly mayPassAtOnce?: (config: TConfig) => boolean;
  /** For a node whose step reads the contact (zone, traits, tags, events): a driver fetches it first. */
  readonly readsContact?: boolean;
  /** For a node that re-checks the contact: the runtime signals it whenever the contact changes. */
  readonly watchesContact?: boolean;
  /** For a trigger: what enrols contacts, so the runtime can route to the journey. */
  readonly enrolsOn?: (config: TConfig) => { events?: readonly string[]; segments?: readonly string[]; schedules?: readonly Schedule[] };
}

export type AnyNodeSpec = NodeSpec<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type NodeConfigOf<T> = T extends NodeSpec<string, infer C> ? C : never;

export function defineNode<const TType extends string, TConfig>(spec: NodeSpec<TType, TConfig>): NodeSpec<TType, TConfig> {
  if (!/^[a-z][a-z0-9]*(\.[a-z][a-zA-Z0-9-]*)*$/.test(spec.type)) {
    throw new Error(`node type "${spec.type}" must be lower-case words joined by dots, e.g. "action.tag"`);
  }
  return spec;
}

import { Channel, LifecycleStage, MessageCategory } from '../actions/vocabulary';
import { AdmissionRefusal } from '../entry/admission';
import { ExitReason } from '../interpreter/step';

/** How an enrolment began: the trigger's type and what fired it. */
export interface EntryCause {
  trigger: string;
  event?: string;
  segment?: string;
  source?: string;
}

/** One thing that happened to a contact, on the virtual clock. */
export type TimelineEntry =
  | ({ at: string; type: 'enrolled' } & EntryCause)
  | ({ at: string; type: 'notEnrolled'; reason: AdmissionRefusal } & EntryCause)
  /** `from`: the node and port the contact came from (none for the trigger). */
  | { at: string; type: 'entered'; nodeId: string; from?: { nodeId: string; port: string } }
  | { at: string; type: 'arm'; nodeId: string; experimentId: string; arm: string; holdout: boolean }
  | { at: string; type: 'waiting'; nodeId: string; until: string; for?: string }
  | { at: string; type: 'received'; nodeId: string; event: string }
  | { at: string; type: 'action'; nodeId: string; nodeType: string; output?: Record<string, unknown> }
  | { at: string; type: 'sent'; nodeId: string; channel: Channel; template: string; category: MessageCategory }
  | { at: string; type: 'tagsChanged'; nodeId: string; added: string[]; removed: string[] }
  | { at: string; type: 'traitsChanged'; nodeId: string; changes: Record<string, unknown> }
  | { at: string; type: 'lifecycleChanged'; nodeId: string; from?: LifecycleStage; to: LifecycleStage }
  | { at: string; type: 'goal'; nodeId: string; event: string }
  | { at: string; type: 'exited'; nodeId: string; reason: ExitReason }
  | { at: string; type: 'stillWaiting'; nodeId: string };

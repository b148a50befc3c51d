import { durationMs } from '../duration-ms';
import { Plan } from '../plan';
import { ContactSnapshot, evaluateRule } from '../rules/evaluate';

/** Why a contact who triggered the journey did not enter it. */
export type AdmissionRefusal = 'alreadyEnrolled' | 'reentry' | 'cooldown' | 'audience' | 'window' | 'capacity';

/** What a driver knows about the contact's past in this journey, and the journey's load. */
export interface AdmissionFacts {
  nowMs: number;
  contact: ContactSnapshot;
  /** The contact has an enrolment in this journey that has not exited. */
  running: boolean;
  /** When the contact's latest enrolment in this journey started, if ever. */
  lastEnrolledAtMs?: number;
  /** Contacts in the journey right now. */
  activeCount: number;
}

/**
 * The journey's entry rules as one pure decision, so the simulator and the runtime refuse the
 * same contacts for the same reasons. The runtime still lets Temporal's workflow-id policies
 * guard "one running enrolment" against races; this decides what the rules allow.
 */
export function admit(plan: Pick<Plan, 'settings'>, facts: AdmissionFacts): { ok: true } | { ok: false; reason: AdmissionRefusal } {
  const { settings } = plan;
  const refuse = (reason: AdmissionRefusal) => ({ ok: false as const, reason });
  if (facts.running) return refuse('alreadyEnrolled');
  if (facts.lastEnrolledAtMs !== undefined) {
    if (settings.reentry.mode === 'never') return refuse('reentry');
    if (settings.reentry.mode === 'afterCooldown' && facts.nowMs < facts.lastEnrolledAtMs + durationMs(settings.reentry.cooldown)) {
      return refuse('cooldown');
    }
  }
  const window = settings.enrolmentWindow;
  if (window?.from && facts.nowMs < Date.parse(window.from)) return refuse('window');
  if (window?.until && facts.nowMs >= Date.parse(window.until)) return refuse('window');
  if (settings.audience && !evaluateRule(settings.audience, facts.contact, facts.nowMs)) return refuse('audience');
  if (settings.maxConcurrent !== undefined && facts.activeCount >= settings.maxConcurrent) return refuse('capacity');
  return { ok: true };
}

import { TriggerEventConfig } from '../nodes/trigger-event.node';
import { inboundMessageEvent, TriggerMessageConfig } from '../nodes/trigger-message.node';
import { segmentEnteredEvent, TriggerSegmentConfig } from '../nodes/trigger-segment.node';
import { matchMessage } from '../triggers/message-match';
import { PlanNode } from '../plan';
import { evaluateRule, EventSnapshot } from '../rules/evaluate';

/** How a contact came to be enrolled, kept with the enrolment. */
export interface EntryMatch {
  /** Where the contact came from, e.g. the WeCom live code's `state`, when the event carries one. */
  source?: string;
}

/** The entry an event's properties (or an enrolment call's data) describe: its source, if `property` names one. */
export function entryFrom(values: Record<string, unknown>, property: string): EntryMatch {
  const value = values[property];
  return typeof value === 'string' && value ? { source: value } : {};
}

/**
 * Whether an event enrols a contact through this trigger node. Routing first narrows events by
 * the plan's `entryEvents` (an index lookup); this applies the trigger's own filters, so it only
 * needs the trigger node, which the API keeps next to the published journey.
 */
export function matchTrigger(trigger: Pick<PlanNode, 'type' | 'config'>, event: EventSnapshot, nowMs: number): EntryMatch | undefined {
  switch (trigger.type) {
    case 'trigger.event': {
      const config = trigger.config as TriggerEventConfig;
      if (event.name !== config.event) return undefined;
      if (config.where && !evaluateRule(config.where, event, nowMs)) return undefined;
      return entryFrom(event.properties, config.sourceProperty);
    }
    case 'trigger.message': {
      const text = event.properties['text'];
      if (event.name !== inboundMessageEvent || typeof text !== 'string') return undefined;
      const channel = event.properties['channel'];
      const matched = matchMessage(trigger.config as TriggerMessageConfig, { text, ...(typeof channel === 'string' ? { channel } : {}) });
      if (!matched) return undefined;
      return entryFrom(event.properties, 'source');
    }
    case 'trigger.segment': {
      const config = trigger.config as TriggerSegmentConfig;
      return event.name === segmentEnteredEvent && event.properties['segment'] === config.segment ? {} : undefined;
    }
    default:
      return undefined;
  }
}

import type { Cursor } from '@trellis/journey';
import { defineQuery, defineSignal } from '@temporalio/workflow';

/** An event for this contact that the plan listens to. It carries the id only: histories stay small. */
export const journeyEventSignal = defineSignal<[{ eventId: string }]>('journeyEvent');

/** Why an operator ended an enrolment from outside: the journey was archived, or the contact removed. */
export type OperatorExit = 'archived' | 'removed';

/**
 * The journey's lifecycle reaching an enrolment: pause holds it before its next action, resume
 * lets it go on, exit ends it where it is.
 */
export type JourneyControl = { command: 'pause' } | { command: 'resume' } | { command: 'exit'; reason: OperatorExit };

export const journeyControlSignal = defineSignal<[JourneyControl]>('journeyControl');

/** Where the enrolment is now: its node, and what it awaits there. */
export const currentNodeQuery = defineQuery<Cursor | undefined>('currentNode');

/** What the hand-off inbox tells a task's SLA timers: the first response went out, or the task is resolved. */
export const taskProgressSignal = defineSignal<['responded' | 'resolved']>('taskProgress');

import { defineSignal } from '@temporalio/workflow';

/** An event for this contact that the plan listens to. It carries the id only: histories stay small. */
export const journeyEventSignal = defineSignal<[{ eventId: string }]>('journeyEvent');

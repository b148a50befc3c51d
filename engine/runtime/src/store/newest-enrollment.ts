import { Model } from 'mongoose';
import { EnrollmentInput, enrollmentWorkflowId } from '../enrollment-ref';
import { driverCollection } from './driver-collection';
import { Enrollment } from './enrollment.schema';

/** What routing and entry rules need of a contact's newest enrolment in a journey. */
export type NewestEnrollment = Pick<Enrollment, 'status' | 'enrolledAt' | 'seq' | 'triggerEventId' | 'listensTo' | 'watchesContact'> & { _id: string };

const projection = { status: 1, enrolledAt: 1, seq: 1, triggerEventId: 1, listensTo: 1, watchesContact: 1 } as const;

/**
 * The contact's newest enrolment in a journey. Enrolments are numbered 1, 2, 3… in their ids
 * (`enrollmentWorkflowId`), so it is found by probing ids, doubling then halving: a couple of
 * lookups by `_id` for a typical contact, never a query that scans enrolments. Only one
 * enrolment per contact and journey runs at a time, and it is always the newest.
 */
export async function newestEnrollment(
  enrollments: Model<Enrollment>,
  ref: Pick<EnrollmentInput, 'workspaceId' | 'journeyId' | 'contactId'>,
): Promise<NewestEnrollment | undefined> {
  const get = async (seq: number) => ((await driverCollection(enrollments).findOne({ _id: enrollmentWorkflowId(ref, seq) }, { projection })) as NewestEnrollment | null) ?? undefined;
  let found = await get(1);
  if (!found) return undefined;
  let [low, missing] = [1, 2];
  for (let probe = await get(missing); probe; probe = await get(missing)) [found, low, missing] = [probe, missing, missing * 2];
  while (missing - low > 1) {
    const middle = Math.floor((low + missing) / 2);
    const probe = await get(middle);
    if (probe) [found, low] = [probe, middle];
    else missing = middle;
  }
  return found;
}

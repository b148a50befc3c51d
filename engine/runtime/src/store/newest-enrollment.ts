import { Model } from 'mongoose';
import { EnrollmentInput, enrollmentWorkflowId } from '../enrollment-ref';
import { driverCollection } from './driver-collection';
import { maxIdsPerQuery } from './contact-identity';
import { Enrollment } from './enrollment.schema';

/** What routing and entry rules need of a contact's newest enrolment in a journey. */
export type NewestEnrollment = Pick<Enrollment, 'status' | 'enrolledAt' | 'seq' | 'triggerEventId' | 'listensTo' | 'watchesContact'> & { _id: string };

const projection = { status: 1, enrolledAt: 1, seq: 1, triggerEventId: 1, listensTo: 1, watchesContact: 1 } as const;

/** The first probe's ids: most contacts enter a journey once or a few times. */
const firstWindow = 8;

/**
 * The contact's newest enrolment in a journey. Enrolments are numbered 1, 2, 3… in their ids
 * (`enrollmentWorkflowId`), with no gaps, so it is found by asking for a window of ids at once
 * (`_id: { $in }`, answered from the index): one query for a typical contact, a window twice as
 * large for each further one a contact who re-entered many times needs. Never a query that scans
 * enrolments. Only one enrolment per contact and journey runs at a time, and it is the newest.
 */
export async function newestEnrollment(
  enrollments: Model<Enrollment>,
  ref: Pick<EnrollmentInput, 'workspaceId' | 'journeyId' | 'contactId'>,
): Promise<NewestEnrollment | undefined> {
  let newest: NewestEnrollment | undefined;
  for (let from = 1, size = firstWindow; ; from += size, size = Math.min(size * 2, maxIdsPerQuery)) {
    const ids = Array.from({ length: size }, (_, index) => enrollmentWorkflowId(ref, from + index));
    const found = (await driverCollection(enrollments).find({ _id: { $in: ids } }, { projection }).toArray()) as NewestEnrollment[];
    for (const enrollment of found) if (!newest || enrollment.seq > newest.seq) newest = enrollment;
    if (found.length < size) return newest;
  }
}

import { CapCounter } from '@trellis/journey';
import { Model } from 'mongoose';
import { driverCollection } from '../store/driver-collection';
import { isDuplicateKeyError } from '../store/errors';
import { SendCounter } from '../store/send-counter.schema';

export interface CapHolder {
  workspaceId: string;
  contactId: string;
  /** The send's idempotency key: a retry of the same send finds its units taken and takes none. */
  sendKey: string;
}

/** The counter of one contact for one cap's period (`CapCounter.key`). */
const counterId = (holder: CapHolder, key: string) => `${holder.workspaceId}:${holder.contactId}:${key}`;

/**
 * Takes one unit of each counter for the send, all or none; returns the first counter that was
 * full (the units taken before it are given back), or undefined when the send may go.
 *
 * Each unit is one conditional update, `count < limit`, so concurrent sends from different
 * journeys cannot overshoot: the server applies one at a time, and a full counter matches nothing.
 * The upsert that would create it again then fails on the `_id`, which is how "full" is told apart
 * from "new". A crash between two units leaves one taken: a contact may receive one message fewer
 * that period, never one more.
 */
export async function takeCapUnits(counters: Model<SendCounter>, holder: CapHolder, caps: readonly CapCounter[]): Promise<CapCounter | undefined> {
  const taken: string[] = [];
  for (const cap of caps) {
    const _id = counterId(holder, cap.key);
    if (await takeUnit(counters, _id, cap, holder.sendKey)) {
      taken.push(_id);
      continue;
    }
    await Promise.all(taken.map((id) => giveBack(counters, id, holder.sendKey)));
    return cap;
  }
  return undefined;
}

/** Gives back the units a send took (it was not sent after all), by the counters' keys. */
export async function releaseCapUnits(counters: Model<SendCounter>, holder: CapHolder, keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map((key) => giveBack(counters, counterId(holder, key), holder.sendKey)));
}

async function takeUnit(counters: Model<SendCounter>, _id: string, cap: CapCounter, sendKey: string): Promise<boolean> {
  const collection = driverCollection(counters);
  const filter = { _id, count: { $lt: cap.limit }, sends: { $ne: sendKey } };
  const take = { $inc: { count: 1 }, $push: { sends: sendKey } };
  try {
    await collection.updateOne(filter, { ...take, $setOnInsert: { expiresAt: new Date(cap.resetsAtMs) } }, { upsert: true });
    return true;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  // The counter exists: full, counted already by an earlier attempt of this very send, or
  // created a moment ago by another send racing this one (then there is room: take it now).
  if ((await collection.updateOne(filter, take)).modifiedCount === 1) return true;
  const counter = await collection.findOne({ _id }, { projection: { sends: 1 } });
  return counter?.sends.includes(sendKey) ?? false;
}

async function giveBack(counters: Model<SendCounter>, _id: string, sendKey: string): Promise<void> {
  await driverCollection(counters).updateOne({ _id, sends: sendKey }, { $inc: { count: -1 }, $pullAll: { sends: [sendKey] } });
}

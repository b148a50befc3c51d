import { CapCounter } from '@trellis/journey';
import { Model } from 'mongoose';
import { batched, writeErrorsByIndex } from '../store/batched';
import { driverCollection } from '../store/driver-collection';
import { isDuplicateKeyError } from '../store/errors';
import { SendCounter } from '../store/send-counter.schema';

export interface CapHolder {
  workspaceId: string;
  contactId: string;
  /** The send's idempotency key: a retry of the same send finds its units taken and takes none. */
  sendKey: string;
}

export interface CapCounterStore {
  /**
   * Takes one unit of each counter for the send, all or none; returns the first counter (in the
   * policy's order) that was full, the units taken of the others given back, or undefined when
   * the send may go.
   */
  take(holder: CapHolder, caps: readonly CapCounter[]): Promise<CapCounter | undefined>;
  /** Gives back the units a send took (it was not sent after all), by the counters' keys. */
  release(holder: CapHolder, keys: readonly string[]): Promise<void>;
}

/** The counter of one contact for one cap's period (`CapCounter.key`). */
const counterId = (holder: CapHolder, key: string) => `${holder.workspaceId}:${holder.contactId}:${key}`;

interface Unit {
  _id: string;
  cap: CapCounter;
  sendKey: string;
}

const filterOf = (unit: Unit) => ({ _id: unit._id, count: { $lt: unit.cap.limit }, sends: { $ne: unit.sendKey } });
const takeOf = (unit: Unit) => ({ $inc: { count: 1 }, $push: { sends: unit.sendKey } });

/**
 * Frequency-cap counters (`send_counters`), one per contact, cap and period. Each unit is a
 * conditional update, `count < limit`, so concurrent sends from different journeys cannot
 * overshoot: the server applies one at a time, and a full counter matches nothing. The upsert
 * that would create it again then fails on the `_id`, which is how "full" is told apart from
 * "new". The units of sends in flight together go in one unordered bulk write (`batched`); a unit
 * that failed there is settled on its own. A crash between two units leaves one taken: a contact
 * may receive one message fewer that period, never one more.
 */
export function capCounterStore(counters: Model<SendCounter>): CapCounterStore {
  const collection = driverCollection(counters);

  // Without an error, every operation took its unit: it matched, or it created the counter. With
  // one, each unit is settled on its own below (idempotently, by its send key): FerretDB 1.x stops
  // an unordered update at the first failure and may name the wrong operation.
  const takeTogether = batched<Unit, boolean>(async (units) => {
    const operations = units.map((unit) => ({
      updateOne: { filter: filterOf(unit), update: { ...takeOf(unit), $setOnInsert: { expiresAt: new Date(unit.cap.resetsAtMs) } }, upsert: true },
    }));
    try {
      await collection.bulkWrite(operations, { ordered: false });
      return units.map(() => true);
    } catch (error) {
      if (!isDuplicateKeyError(error) && !writeErrorsByIndex(error)) throw error;
      return units.map(() => false);
    }
  });

  async function takeUnit(unit: Unit): Promise<boolean> {
    if (await takeTogether(unit)) return true;
    // The counter exists: full, counted already (by this very send, in the bulk write or an
    // earlier attempt), or created a moment ago by another send racing this one (then there is
    // room: take it now).
    if ((await collection.updateOne(filterOf(unit), takeOf(unit))).modifiedCount === 1) return true;
    const counter = await collection.findOne({ _id: unit._id }, { projection: { sends: 1 } });
    return counter?.sends.includes(unit.sendKey) ?? false;
  }

  async function giveBack(_id: string, sendKey: string): Promise<void> {
    await collection.updateOne({ _id, sends: sendKey }, { $inc: { count: -1 }, $pullAll: { sends: [sendKey] } });
  }

  return {
    async take(holder, caps) {
      const units = caps.map((cap) => ({ _id: counterId(holder, cap.key), cap, sendKey: holder.sendKey }));
      const taken = await Promise.all(units.map(takeUnit));
      const full = units.findIndex((_, index) => !taken[index]);
      if (full === -1) return undefined;
      await Promise.all(units.filter((_, index) => taken[index]).map((unit) => giveBack(unit._id, holder.sendKey)));
      return caps[full];
    },
    async release(holder, keys) {
      await Promise.all(keys.map((key) => giveBack(counterId(holder, key), holder.sendKey)));
    },
  };
}

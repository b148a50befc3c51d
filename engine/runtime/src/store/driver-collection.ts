import { Model, mongo } from 'mongoose';

/**
 * The driver's collection behind a model, typed by the model's schema, for the commands every
 * event and enrolment makes. Mongoose's document machinery (casting, validation, middleware, an
 * error object with a stack trace per save) costs a client as much CPU as the command itself:
 * `create` 1.0 ms against the driver's `insertOne` 0.3 ms, `findById().lean()` 0.85 ms against
 * `findOne` 0.36 ms (against FerretDB on this machine). So these documents go in exactly as
 * given, defaults spelled out, and filters name ids in their stored type; writes of contacts,
 * whose schema keeps timestamps, set them as mongoose would (`stamped`); writes of values that
 * may hold `undefined` pass `ignoreUndefined` so the field is left out, as mongoose leaves it.
 */
export function driverCollection<T extends mongo.Document>(model: Model<T>): mongo.Collection<T> {
  return model.collection as unknown as mongo.Collection<T>;
}

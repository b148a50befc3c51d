import { Connection, isObjectIdOrHexString, Types } from 'mongoose';

/** The hosts a workspace lets its webhooks reach inside the network (`webhookAllowedHosts`, set through the API), read on each call. */
export function workspaceAllowList(connection: Connection): (workspaceId: string) => Promise<readonly string[]> {
  return async (workspaceId) => {
    if (!isObjectIdOrHexString(workspaceId)) return [];
    const workspace = await connection.collection<{ webhookAllowedHosts?: string[] }>('workspaces').findOne({ _id: new Types.ObjectId(workspaceId) }, { projection: { webhookAllowedHosts: 1 } });
    return workspace?.webhookAllowedHosts ?? [];
  };
}

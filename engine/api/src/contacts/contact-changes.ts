import { Injectable, Logger } from '@nestjs/common';

/** What changed: contacts of one workspace, and the contact fields (dotted paths) that did. */
export interface ContactChange {
  workspaceId: string;
  contactIds: readonly string[];
  paths: readonly string[];
}

type Listener = (change: ContactChange) => Promise<void>;

/**
 * Tells whoever keeps something derived from contacts (segment memberships) that contacts
 * changed. Ingest and the contacts API report; a listener's failure is logged and never fails
 * the write that was reported, which is stored already (the segment sweep catches up).
 */
@Injectable()
export class ContactChanges {
  private readonly logger = new Logger(ContactChanges.name);
  private readonly listeners: Listener[] = [];

  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  async changed(change: ContactChange): Promise<void> {
    if (!change.contactIds.length || !change.paths.length) return;
    await Promise.all(
      this.listeners.map((listener) =>
        listener(change).catch((error: unknown) => this.logger.warn(`contacts changed but what depends on them was not updated (the next sweep will): ${(error as Error).message}`)),
      ),
    );
  }
}

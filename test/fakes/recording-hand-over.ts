import type { AssignmentsService } from '../../src/routing/offers/assignments.service';

/** Records the hand-overs AssignmentsService is asked for. */
export class RecordingHandOver implements Pick<AssignmentsService, 'handOver'> {
  readonly handedOver: { contactId: string; personId: string | null; reason: string }[] = [];

  handOver(contactId: string, personId: string | null, reason: string): Promise<void> {
    this.handedOver.push({ contactId, personId, reason });
    return Promise.resolve();
  }
}

import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer } from './http';
import { postInquiry, waitForStatus } from './routing';
import { TestApp } from './test-app';

export interface FieldLead {
  leadId: string;
  contactId: string;
  handoffId: string;
}

/**
 * A web inquiry qualified by `qualifierToken` into a large complex (field) lead, handed to the only
 * deal specialist who can take it, and accepted by them over HTTP: the specialist owns it.
 */
export async function acceptedFieldLead(
  t: TestApp,
  qualifierToken: string,
  specialistToken: string,
  qualification: Record<string, unknown> = {},
  inquiry: Record<string, unknown> = {},
): Promise<FieldLead> {
  const db = t.app.get(DataSource);
  const contactId = await postInquiry(t, 'demand_generation', inquiry);
  await waitForStatus(db, contactId, 'queued');
  const decision = await request(t.url)
    .post(`/contacts/${contactId}/qualification`)
    .set(bearer(qualifierToken))
    .send({ revenueTier: 'large', complexity: 'complex', maturity: 'M2', productLines: ['erp'], ...qualification })
    .expect(200);
  const body = decision.body as { leadId: string; route: string; handoff: { id: string } | null };
  if (body.route !== 'field' || !body.handoff) throw new Error(`expected a field handoff, got ${JSON.stringify(body)}`);
  await request(t.url).post(`/handoffs/${body.handoff.id}/accept`).set(bearer(specialistToken)).expect(200);
  return { leadId: body.leadId, contactId, handoffId: body.handoff.id };
}

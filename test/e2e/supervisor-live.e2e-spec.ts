import request from 'supertest';
import { JobName, QueueName } from '../../src/queues/queue.constants';
import { QueueRegistry } from '../../src/queues/queue-registry';
import { AgentClient } from '../helpers/agent-socket';
import { bearer, login } from '../helpers/http';
import { connectedUser, postInquiry } from '../helpers/routing';
import { eventually, startTestApp, TestApp } from '../helpers/test-app';

interface Overview {
  generatedAt: string;
  slaSeconds: number;
  contacts: { byStatus: Record<string, number> };
  waiting: { channel: string; count: number; overSla: number }[];
}

interface Breach {
  breachId: string;
  kind: string;
  contactId: string;
  since: string;
  slaSeconds: number | null;
}

const waitingCount = (o: Overview) => o.waiting.reduce((n, w) => n + w.count, 0);

/**
 * Supervisors' live events on /agents. The heartbeat is left at its 15 s default so that an
 * overview arriving within 2 s of an inquiry can only come from the change trigger; the SLA check
 * is run by queuing the heartbeat job by hand, twice, to show a breach is announced once.
 */
describe('supervisor events on the /agents socket', () => {
  let t: TestApp;
  let admin: string;
  let supervisor: { id: string; client: AgentClient };
  let bystander: { id: string; client: AgentClient };

  beforeAll(async () => {
    t = await startTestApp({ INQUIRY_RATE_LIMIT: '0', WAITING_SLA_SECONDS: '1' });
    admin = await login(t);
    supervisor = await connectedUser(t, admin, 'Live Lead', ['supervisor']);
    // An agent who serves nothing a web inquiry needs, so contacts keep waiting.
    bystander = await connectedUser(t, admin, 'Bystander', ['agent'], { channels: ['demand_generation'] });
    await bystander.client.setPresence('available');
  });
  afterAll(async () => {
    supervisor.client.close();
    bystander.client.close();
    await t.close();
  });

  const heartbeat = async (n: number) => {
    const queue = t.app.get(QueueRegistry).get(QueueName.Routing);
    const job = await queue.add(JobName.SupervisorHeartbeat, {}, { jobId: `supervisor.heartbeat.test.${n}` });
    return eventually(async () => ((await job.isCompleted()) ? await queue.getJob(job.id!) : undefined), 5000, 50);
  };

  it('pushes the overview to supervisors within about a second of an inquiry', async () => {
    const before = Date.now();
    const contactId = await postInquiry(t, 'e_sales');
    const pushed = await supervisor.client.next<Overview>('supervisor:overview', (o) => waitingCount(o) >= 1, 2000);
    expect(Date.now() - before).toBeLessThan(2000);
    const polled = (await request(t.url).get('/supervisor/overview').set(bearer(admin)).expect(200)).body as Overview;
    // The same document as GET /supervisor/overview (same keys, same SLA), only pushed.
    expect(Object.keys(pushed).sort()).toEqual(Object.keys(polled).sort());
    expect(pushed.slaSeconds).toBe(1);
    expect(waitingCount(polled)).toBeGreaterThanOrEqual(1);
    expect(contactId).toEqual(expect.any(String));
  });

  it('announces a contact waiting past the wait SLA once, however many checks see it', async () => {
    const contactId = await postInquiry(t, 'e_sales');
    await new Promise((r) => setTimeout(r, 1200));
    await heartbeat(1);
    const breach = await supervisor.client.waitFor<Breach>('sla:breach', (b) => b.contactId === contactId, 3000);
    expect(breach).toMatchObject({
      breachId: `contact_wait:${contactId}`,
      kind: 'contact_wait',
      contactId,
      slaSeconds: 1,
      since: expect.any(String),
    });
    // The second check pushes an overview after its breaches: once it is here, a second breach would be too.
    const pushed = supervisor.client.next('supervisor:overview', () => true, 3000);
    await heartbeat(2);
    await pushed;
    expect(supervisor.client.received<Breach>('sla:breach').filter((b) => b.contactId === contactId)).toHaveLength(1);
  });

  it('sends supervisor events to supervisors only, never to an agent', async () => {
    await postInquiry(t, 'e_sales');
    await supervisor.client.next('supervisor:overview', () => true, 3000);
    expect(supervisor.client.received('supervisor:overview').length).toBeGreaterThan(0);
    expect(bystander.client.received('supervisor:overview')).toEqual([]);
    expect(bystander.client.received('sla:breach')).toEqual([]);
  });
});

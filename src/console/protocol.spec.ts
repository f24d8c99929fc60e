import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGE_METADATA } from '@nestjs/websockets/constants';
import * as protocol from '../common/protocol.mjs';
import { COMPLEXITIES } from '../catalog/catalog.types';
import { OPEN_MATURITY_STAGES, REVENUE_TIERS } from '../routing/domain';
import { AgentsGateway } from './agents.gateway';
import { locateConsoleAssets } from './console-assets';

/** The names the gateway subscribes to, read from its @SubscribeMessage metadata. */
function subscribedEvents(): string[] {
  const prototype = AgentsGateway.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const handler = prototype[name];
    const event: unknown = typeof handler === 'function' ? Reflect.getMetadata(MESSAGE_METADATA, handler) : undefined;
    return typeof event === 'string' ? [event] : [];
  });
}

describe('the protocol module shared with the web console (src/common/protocol.mjs)', () => {
  it('keeps the socket event names of the contract', () => {
    expect(Object.values(protocol.SERVER_EVENTS).sort()).toEqual(
      [
        'handoff',
        'handoff:escalated',
        'handoff:revoked',
        'lead:stalled',
        'lead:unassigned',
        'offer',
        'offer:revoked',
        'presence',
        'sla:breach',
        'supervisor:overview',
        'contact:message',
        'team:invitation',
        'deal:outcome',
        'backoffice:overdue',
        'campaign:progress',
      ].sort(),
    );
    expect(Object.values(protocol.CLIENT_EVENTS).sort()).toEqual(
      ['assignment:end', 'handoff:accept', 'handoff:decline', 'offer:accept', 'offer:decline', 'presence:set'].sort(),
    );
    expect(protocol.AGENTS_NAMESPACE).toBe('/agents');
  });

  it('is answered by the gateway for every event a console sends, and for nothing else', () => {
    expect(subscribedEvents().sort()).toEqual(Object.values(protocol.CLIENT_EVENTS).sort());
  });

  it('freezes every list and map: neither side can change what the other reads', () => {
    for (const [name, value] of Object.entries(protocol)) {
      if (typeof value === 'object') expect({ name, frozen: Object.isFrozen(value) }).toEqual({ name, frozen: true });
    }
  });

  it('is served to the console as the very file the server imports', () => {
    expect(locateConsoleAssets().files.get('protocol.mjs')).toBe(require.resolve('../common/protocol.mjs'));
  });

  it("matches the choices index.html spells out itself (presence buttons, the qualification form's options)", () => {
    const html = readFileSync(join(__dirname, '..', '..', 'public', 'console', 'index.html'), 'utf8');
    const values = (pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[1]);
    const options = (select: string) => {
      const body = html.match(new RegExp(`<select name="${select}">([\\s\\S]*?)</select>`))?.[1] ?? '';
      return [...body.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    };
    expect(values(/<button type="button" data-status="([^"]+)"/g)).toEqual([...protocol.PRESENCE_STATUSES]);
    expect(options('revenueTier')).toEqual([...REVENUE_TIERS]);
    expect(options('complexity')).toEqual(['', ...COMPLEXITIES]);
    expect(options('maturity')).toEqual([...OPEN_MATURITY_STAGES]);
  });
});

import { describe, expect, it } from 'vitest';
import { sessionPage } from '../shared/sessionPage';
import { makeEvent, makeSession } from '../../tests/support/sessionFactory';
import { readTabSession, type Messenger } from './sessionClient';

describe('readTabSession', () => {
  it('reads a session page by page and gives every event once, in order', async () => {
    const document = makeSession({ events: Array.from({ length: 30 }, (_, i) => makeEvent(i + 1, { name: `E${i}`, args: [`E${i}`, 'x'.repeat(400)] })) });
    const built = { document, status: { light: 'grey', reason: 'test' } } as const;
    const asked: (number | undefined)[] = [];
    const messenger = {
      send: async (message: { type: string; afterSeq?: number }) => {
        asked.push(message.afterSeq);
        return sessionPage(built, message.afterSeq, 3000);
      },
      onMessage: () => () => {},
    } as unknown as Messenger;
    const whole = await readTabSession(messenger, 1);
    expect(whole?.document.events.map((e) => e.name)).toEqual(document.events.map((e) => e.name));
    expect(asked.length).toBeGreaterThan(3);
  });
});

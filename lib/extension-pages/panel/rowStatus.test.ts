import { describe, expect, it } from 'vitest';
import { makeEvent as event, makeIdentify as identify, makePfEvent as pfEvent, makeVerdict } from '../../../tests/support/sessionFactory';
import { summarize } from '../../shared/session/summary';
import { pfGroups } from './pfGroups';
import { rowStatus } from './rowStatus';

/** The list works on event summaries, as the panel holds them. */
const makeEvent = (...args: Parameters<typeof event>) => summarize(event(...args));
const makeIdentify = (...args: Parameters<typeof identify>) => summarize(identify(...args));
const makePfEvent = (...args: Parameters<typeof pfEvent>) => summarize(pfEvent(...args));

describe('rowStatus', () => {
  it('is ok for a delivered call of the same person, naming both', () => {
    expect(rowStatus(makeIdentify(1, 'u-1'), null)).toEqual({ level: 'ok', label: 'Delivery: delivered 200 · Identity: same person as the page' });
  });

  it('lets the worse of delivery and verdict win', () => {
    const failed = makeIdentify(1, 'u-1', { delivery: { status: 'failed', httpStatus: 500, url: null } });
    expect(rowStatus(failed, null).level).toBe('error');
    const otherPerson = makeIdentify(1, 'u-1', { verdict: makeVerdict({ samePersonAsPage: false }) });
    expect(rowStatus(otherPerson, null)).toMatchObject({ level: 'error', label: expect.stringContaining('wrong or unknown person') });
    expect(rowStatus(makeEvent(1, { delivery: { status: 'pending', httpStatus: null, url: null } }), null).level).toBe('pending');
  });

  it('judges a PF event by the track PF sent for it', () => {
    const events = [
      makePfEvent(1, 'tour-finished', { pfLink: { eventId: 'e-2', by: 'name' } }),
      makeEvent(2, { name: 'Tour Finished', pfLink: { eventId: 'e-1', by: 'name' }, delivery: { status: 'blocked', httpStatus: null, url: null } }),
    ];
    expect(rowStatus(events[0]!, pfGroups(events).get('e-1')!)).toEqual({ level: 'error', label: 'Delivery: blocked' });
    const lone = [makePfEvent(1, 'tour-finished')];
    expect(rowStatus(lone[0]!, pfGroups(lone).get('e-1')!)).toEqual({ level: 'error', label: 'Not sent to Segment' });
  });
});

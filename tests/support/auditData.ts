/**
 * Generated user bases for the audit: PF users and identify rows with the patterns that make the
 * webhook rule interesting — email case and whitespace variants, shared emails, users who change
 * email, anonymous identifies, usernames that are emails, ids in neither list, equal timestamps.
 */

export interface IdentifyRow {
  user_id: string | null;
  anonymous_id: string | null;
  email: string | null;
  received_at: string;
}

export interface PfUserRow {
  username: string | null;
  email: string | null;
}

/** mulberry32: a seeded generator, so a failing case can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateUserBase(seed: number, people = 120): { users: PfUserRow[]; events: IdentifyRow[] } {
  const random = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const chance = (p: number) => random() < p;
  const variant = (email: string) =>
    pick([email, email, email, email.toUpperCase(), ` ${email}`, `${email} `, email.replace(/^./, (c) => c.toUpperCase())]);
  const users: PfUserRow[] = [];
  const events: IdentifyRow[] = [];
  const base = Date.UTC(2024, 0, 1);
  const time = () => {
    // Coarse times make ties common, so the tie-break is exercised.
    const ms = base + Math.floor(random() * 400) * 1000;
    return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  };
  for (let p = 0; p < people; p++) {
    const id = `u${p}`;
    const email = `person${p}@example.com`;
    if (chance(0.7)) users.push({ username: chance(0.1) ? email : id, email: chance(0.8) ? variant(email) : null });
    if (chance(0.05)) users.push({ username: null, email: variant(email) });
    const anonymous = `a${p}`;
    const count = 1 + Math.floor(random() * 4);
    for (let k = 0; k < count; k++) {
      const other = `person${Math.floor(random() * people)}@example.com`;
      const mail = chance(0.15) ? null : chance(0.1) ? other : variant(email);
      const row: IdentifyRow = chance(0.12)
        ? { user_id: null, anonymous_id: chance(0.9) ? anonymous : null, email: mail, received_at: time() }
        : { user_id: chance(0.05) ? `u${Math.floor(random() * people)}` : id, anonymous_id: anonymous, email: mail, received_at: time() };
      events.push(row);
    }
  }
  if (users.length > 3) users.push({ ...(users[2] as PfUserRow) });
  return { users, events };
}

function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\n]/.test(value) || value.trim() !== value ? `"${value.replace(/"/g, '""')}"` : value;
}

export function identifiesCsv(rows: readonly IdentifyRow[]): string {
  const lines = rows.map((r) => [r.user_id, r.anonymous_id, r.email, r.received_at].map(csvCell).join(','));
  return ['user_id,anonymous_id,email,received_at', ...lines].join('\n');
}

export function pfUsersCsv(rows: readonly PfUserRow[]): string {
  return ['username,email', ...rows.map((r) => [r.username, r.email].map(csvCell).join(','))].join('\n');
}

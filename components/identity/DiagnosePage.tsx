/**
 * The diagnose page: judge identities without a tab. A support engineer pastes Segment events
 * (from a webhook log, Segment's debugger or a customer's session file), adds the PF users export
 * and, if known, the PF user the page had, and reads where PF's webhook would put each event.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { verdictsForSession } from '../../lib/shared/identity/sessionVerdicts';
import { parseEventsInput } from '../../lib/extension-pages/parseEventsInput';
import type { PfUserChange } from '../../lib/shared/session/schema';
import { AuditPanel } from '../audit/AuditPanel';
import { AssumptionSwitches } from './AssumptionSwitches';
import { FindingList } from './FindingList';
import { StatusLight } from '../StatusLight';
import { useIdentityState, usersSummary } from './useIdentityState';
import { UsersImport } from './UsersImport';
import { VerdictTable } from './VerdictTable';
import '../panel/panel.css';
import './identity.css';

const EXAMPLE = '{"type": "identify", "userId": "42", "traits": {"email": "ann@example.com"}}';

/** A typed page user applies from before the first event; otherwise the session file's timeline does. */
function typedPageUser(username: string, email: string): PfUserChange[] | null {
  if (username === '' && email === '') return null;
  const user = { username: username === '' ? null : username, email: email === '' ? null : email };
  return [{ at: '', via: 'typed on this page', user, afterSeq: -1 }];
}

export function DiagnosePage({ themeName = 'default' }: { themeName?: 'default' | 'dark' }) {
  const [input, setInput] = useState('');
  const [sourceFile, setSourceFile] = useState<string | null>(null);
  const [pfUsername, setPfUsername] = useState('');
  const [pfEmail, setPfEmail] = useState('');
  const identity = useIdentityState();
  // Typing in a large pasted batch stays responsive: parsing follows the latest text when idle.
  const deferredInput = useDeferredValue(input);
  const parsed = useMemo(() => (deferredInput.trim() === '' ? null : parseEventsInput(deferredInput)), [deferredInput]);
  const timeline = useMemo(() => typedPageUser(pfUsername, pfEmail) ?? parsed?.pfTimeline ?? [], [pfUsername, pfEmail, parsed]);
  const judged = useMemo(
    () => (parsed && !parsed.error ? verdictsForSession(parsed.events, timeline, identity.importedUsers?.users ?? [], identity.assumptions) : null),
    [parsed, timeline, identity.importedUsers, identity.assumptions],
  );

  const openSessionFile = async (file: File) => {
    setSourceFile(file.name);
    setInput(await file.text());
  };

  return (
    // .panel carries the colour variables and control styles of panel.css; .diagnose lays out a page.
    <div className="panel diagnose" data-theme={themeName === 'dark' ? 'dark' : 'light'}>
      <h1>Diagnose Segment → Product Fruits identities</h1>
      <p className="empty-note">Nothing here leaves this page: events and users are read locally.</p>

      <section className="card" aria-label="Segment events">
        <h3>Segment events</h3>
        <label className="diagnose__events">
          Paste Segment event JSON: one event, an array, a webhook batch body, or a session file
          <textarea
            value={input}
            rows={8}
            spellCheck={false}
            placeholder={EXAMPLE}
            onChange={(e) => {
              setInput(e.currentTarget.value);
              setSourceFile(null);
            }}
          />
        </label>
        <label>
          Open session file{' '}
          <input
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void openSessionFile(file);
              e.currentTarget.value = '';
            }}
          />
        </label>
        {sourceFile && <p>From {sourceFile}</p>}
        {parsed?.error && (
          <p className="diagnose__error" role="alert">
            {parsed.error}
          </p>
        )}
        {parsed && !parsed.error && <p>{parsed.events.length} event(s) read.</p>}
      </section>

      {parsed && judged && (
        <section className="card" aria-label="Verdicts">
          <h3>Verdicts</h3>
          <StatusLight light={judged.status.light} reason={judged.status.reason} />
          {timeline.length === 0 && !identity.importedUsers && (
            <p className="diagnose__cant-tell">
              Can&apos;t tell whether PF knows these users: import the PF users list or type the PF user, just below.
            </p>
          )}
          <VerdictTable events={parsed.events} verdicts={judged.perEvent} />
          <h4>Across the events</h4>
          <FindingList findings={judged.findings} />
        </section>
      )}

      <section className="card" aria-label="PF user on the page">
        <h3>Product Fruits user on the page (optional)</h3>
        <p className="empty-note">Fill in to check whether each event reaches the same person; replaces the PF user timeline of a session file.</p>
        <div className="diagnose__pf-user">
          <label>
            PF username <input type="text" value={pfUsername} onChange={(e) => setPfUsername(e.currentTarget.value)} />
          </label>
          <label>
            PF email <input type="text" value={pfEmail} onChange={(e) => setPfEmail(e.currentTarget.value)} />
          </label>
        </div>
      </section>

      <section className="card" aria-label="Known PF users">
        <h3>Known PF users</h3>
        <UsersImport importedUsers={usersSummary(identity.importedUsers)} onImportUsers={(file, columns) => void identity.importUsers(file, columns)} importError={identity.importError} />
      </section>

      <section className="card" aria-label="Assumptions">
        <AssumptionSwitches assumptions={identity.assumptions} onChange={identity.setAssumptions} />
      </section>

      <AuditPanel assumptions={identity.assumptions} />

    </div>
  );
}

/** What the detail pane shows with no event open: the page, both libraries, and page diagnostics. */
import type { SessionDocument } from '../../lib/shared/session/schema';
import { SegmentCard } from './SegmentCard';
import { PfCard } from './PfCard';
import { Diagnostics } from './Diagnostics';

export function PageOverview({ session }: { session: SessionDocument }) {
  return (
    <section className="page-overview" aria-label="Page overview">
      <header className="page-overview__header">
        <h2>{session.page.title || 'Untitled page'}</h2>
        <p className="wrap">{session.page.url}</p>
      </header>
      <Diagnostics findings={session.diagnostics} />
      <SegmentCard segment={session.segment} />
      <PfCard productFruits={session.productFruits} />
    </section>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/use-load';
import { ContactsSample } from './ContactsSample';
import { segmentPath, type MembersPage } from './segment-types';

const pageSize = 50;

/** Who is in the segment now (as of its last sweep), a page at a time. */
export function SegmentMembers({ segmentKey, refreshKey }: { segmentKey: string; refreshKey: number }) {
  const { t } = useTranslation('segments');
  const { api } = useSession();
  const [more, setMore] = useState<{ rows: MembersPage['members']; next: string | null; busy: boolean; error?: unknown }>({ rows: [], next: null, busy: false });
  const first = useLoad(
    async (signal) => {
      const page = await api.request<MembersPage>('GET', `${segmentPath(segmentKey)}/members`, { query: { limit: pageSize }, signal });
      if (!signal.aborted) setMore({ rows: [], next: page.next, busy: false });
      return page;
    },
    [api, segmentKey, refreshKey],
  );

  const loadMore = async () => {
    if (!more.next) return;
    setMore((previous) => ({ ...previous, busy: true, error: undefined }));
    try {
      const page = await api.get<MembersPage>(`${segmentPath(segmentKey)}/members`, { limit: pageSize, cursor: more.next });
      setMore((previous) => ({ rows: [...previous.rows, ...page.members], next: page.next, busy: false }));
    } catch (error) {
      setMore((previous) => ({ ...previous, busy: false, error }));
    }
  };

  const rows = [...(first.data?.members ?? []), ...more.rows];
  return (
    <section className="ws-card" aria-labelledby="segment-members">
      <div className="ws-card__head">
        <h2 id="segment-members">{t('members.title')}</h2>
        <button type="button" className="ws-button ws-button--small" onClick={first.reload} disabled={first.loading}>
          {t('members.refresh')}
        </button>
      </div>
      <LoadState of={first} count={rows.length} empty={t('members.none')} />
      {rows.length > 0 && <ContactsSample rows={rows} caption={t('members.title')} />}
      {more.error !== undefined && <ApiErrorAlert error={more.error} />}
      {more.next && (
        <div className="ws-more">
          <button type="button" className="ws-button" onClick={() => void loadMore()} disabled={more.busy}>
            {more.busy ? t('common:loading') : t('members.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}

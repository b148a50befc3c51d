import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useSession } from '../../session/session';
import { useFormat } from '../../ui/format';
import { LoadState } from '../../ui/LoadState';
import { PageHead } from '../../ui/PageHead';
import { useLoad } from '../../ui/use-load';
import { SegmentEditor } from './SegmentEditor';
import type { Segment } from './segment-types';

/** Every segment by key, with how many its last sweep matched; new ones are defined above the list. */
export function SegmentsPage() {
  const { t } = useTranslation('segments');
  const { api, can } = useSession();
  const format = useFormat();
  const [, navigate] = useLocation();
  const [creating, setCreating] = useState(false);
  const segments = useLoad(async (signal) => (await api.request<{ segments: Segment[] }>('GET', '/v1/segments', { signal })).segments, [api]);

  return (
    <div className="ws-page">
      <PageHead title={t('title')} sub={t('subtitle')}>
        {can('segments:write') && !creating && (
          <button type="button" className="ws-button ws-button--primary" onClick={() => setCreating(true)}>
            {t('editor.newButton')}
          </button>
        )}
      </PageHead>
      {creating && <SegmentEditor onCancel={() => setCreating(false)} onSaved={(segment) => navigate(`/${encodeURIComponent(segment.key)}`)} />}
      <section className="ws-card" aria-labelledby="segments-list-title">
        <h2 id="segments-list-title">{t('list.title')}</h2>
        <LoadState of={segments} count={segments.data?.length} empty={t('list.none')} />
        {segments.data && segments.data.length > 0 && (
          <div className="ws-table-wrap">
            <table className="ws-table">
              <thead>
                <tr>
                  <th scope="col">{t('fields.key')}</th>
                  <th scope="col">{t('fields.name')}</th>
                  <th scope="col">{t('list.matched')}</th>
                  <th scope="col">{t('list.lastSweep')}</th>
                  <th scope="col">{t('list.sweepColumn')}</th>
                </tr>
              </thead>
              <tbody>
                {segments.data.map((segment) => (
                  <tr key={segment.key}>
                    <td>
                      <Link href={`/${encodeURIComponent(segment.key)}`} className="ws-code">
                        {segment.key}
                      </Link>
                    </td>
                    <td>
                      {segment.name}
                      {segment.description && <div className="ws-hint">{segment.description}</div>}
                    </td>
                    <td>{segment.lastSweep ? format.number(segment.lastSweep.matched) : <span className="muted">{t('list.notSwept')}</span>}</td>
                    <td>{format.dateTime(segment.lastSweep?.at)}</td>
                    <td>{t('list.every', { count: segment.sweepMinutes })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

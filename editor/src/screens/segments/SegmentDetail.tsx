import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useSession } from '../../session/session';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { useFormat } from '../../ui/format';
import { LoadState } from '../../ui/LoadState';
import { PageHead } from '../../ui/PageHead';
import { useAction } from '../../ui/use-action';
import { useLoad } from '../../ui/use-load';
import { ruleSummary } from './rule-summary';
import { SegmentEditor } from './SegmentEditor';
import { SegmentMembers } from './SegmentMembers';
import { segmentPath, type Segment } from './segment-types';

const sweepPollMs = 2000;
const sweepWaitMs = 120_000;

/** One segment: its rule in words, its members now, and changing it, sweeping it now or deleting it. */
export function SegmentDetail({ segmentKey }: { segmentKey: string }) {
  const { t } = useTranslation('segments');
  const { api, can } = useSession();
  const format = useFormat();
  const [, navigate] = useLocation();
  const segment = useLoad((signal) => api.request<Segment>('GET', segmentPath(segmentKey), { signal }), [api, segmentKey]);
  const [editing, setEditing] = useState(false);
  const [membersKey, setMembersKey] = useState(0);
  const [awaitingSweep, setAwaitingSweep] = useState<{ after: string | null; since: number }>();
  const sweeping = useAction();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deleting = useAction();
  const writable = can('segments:write');
  const data = segment.data;
  const watchedFirstSweep = useRef(false);

  // A sweep runs on the server after a create, a rule change or "Sweep now": watch for it to finish.
  useEffect(() => {
    if (!data || data.lastSweep !== null || watchedFirstSweep.current) return;
    watchedFirstSweep.current = true;
    setAwaitingSweep({ after: null, since: Date.now() });
  }, [data]);
  useEffect(() => {
    if (!awaitingSweep) return;
    const timer = setTimeout(() => {
      api.get<Segment>(segmentPath(segmentKey)).then(
        (fresh) => {
          segment.replace(fresh);
          const swept = fresh.lastSweep && fresh.lastSweep.at !== awaitingSweep.after;
          if (swept) setMembersKey((key) => key + 1);
          setAwaitingSweep(swept || Date.now() - awaitingSweep.since > sweepWaitMs ? undefined : { ...awaitingSweep });
        },
        () => setAwaitingSweep({ ...awaitingSweep }),
      );
    }, sweepPollMs);
    return () => clearTimeout(timer);
  }, [api, segmentKey, awaitingSweep]);

  const sweepNow = () => sweeping.run(() => api.post(`${segmentPath(segmentKey)}/sweep`), () => setAwaitingSweep({ after: data?.lastSweep?.at ?? null, since: Date.now() }));

  return (
    <div className="ws-page">
      <PageHead title={data?.name ?? segmentKey} sub={<code>{segmentKey}</code>} back={{ href: '/', label: t('detail.back') }}>
        {data && !editing && writable && (
          <div className="ws-actions">
            <button type="button" className="ws-button" onClick={() => setEditing(true)}>
              {t('detail.edit')}
            </button>
            <button type="button" className="ws-button" onClick={() => void sweepNow()} disabled={sweeping.busy || Boolean(awaitingSweep)}>
              {t('detail.sweepNow')}
            </button>
            <button type="button" className="ws-button ws-button--danger" onClick={() => setConfirmDelete(true)}>
              {t('common:delete')}
            </button>
          </div>
        )}
      </PageHead>
      {confirmDelete && (
        <ConfirmDelete
          question={t('detail.deleteQuestion', { key: segmentKey })}
          confirmLabel={t('detail.deleteConfirm')}
          deleting={deleting}
          onConfirm={() => void deleting.run(() => api.delete(segmentPath(segmentKey)), () => navigate('/'))}
          onCancel={() => setConfirmDelete(false)}
        />
      )}
      {sweeping.error !== undefined && <ApiErrorAlert error={sweeping.error} />}
      <LoadState of={segment} />
      {data && editing && (
        <SegmentEditor
          segment={data}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            segment.replace(saved);
            setEditing(false);
            if (JSON.stringify(saved.rule) !== JSON.stringify(data.rule)) setAwaitingSweep({ after: data.lastSweep?.at ?? null, since: Date.now() });
          }}
        />
      )}
      {data && !editing && (
        <section className="ws-card" aria-labelledby="segment-summary">
          <h2 id="segment-summary">{t('detail.summary')}</h2>
          <dl className="ws-dl">
            {data.description && (
              <>
                <dt>{t('fields.description')}</dt>
                <dd>{data.description}</dd>
              </>
            )}
            <dt>{t('detail.rule')}</dt>
            <dd>{ruleSummary(data.rule, t)}</dd>
            <dt>{t('detail.members')}</dt>
            <dd>{data.members === undefined ? '—' : format.number(data.members)}</dd>
            <dt>{t('list.lastSweep')}</dt>
            <dd>
              {data.lastSweep
                ? t('detail.sweep', { at: format.dateTime(data.lastSweep.at), matched: format.number(data.lastSweep.matched), entered: format.number(data.lastSweep.entered), left: format.number(data.lastSweep.left) })
                : t('list.notSwept')}
            </dd>
            <dt>{t('list.sweepColumn')}</dt>
            <dd>{t('list.every', { count: data.sweepMinutes })}</dd>
          </dl>
          {awaitingSweep && (
            <p className="ws-hint" role="status">
              {t('detail.sweeping')}
            </p>
          )}
        </section>
      )}
      {data && <SegmentMembers segmentKey={segmentKey} refreshKey={membersKey} />}
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useSession } from '../../session/session';
import { useFormat } from '../contacts/format';
import { ProblemAlert } from '../contacts/ProblemAlert';
import { useLoad } from '../contacts/use-load';
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
  const [action, setAction] = useState<{ busy: boolean; error?: unknown; confirmDelete?: boolean }>({ busy: false });
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

  const sweepNow = async () => {
    setAction({ busy: true });
    try {
      await api.post(`${segmentPath(segmentKey)}/sweep`);
      setAwaitingSweep({ after: data?.lastSweep?.at ?? null, since: Date.now() });
      setAction({ busy: false });
    } catch (error) {
      setAction({ busy: false, error });
    }
  };

  const remove = async () => {
    setAction({ busy: true, confirmDelete: true });
    try {
      await api.delete(segmentPath(segmentKey));
      navigate('/');
    } catch (error) {
      setAction({ busy: false, error, confirmDelete: true });
    }
  };

  return (
    <div className="ws-page">
      <Link href="/" className="ws-back">
        {t('detail.back')}
      </Link>
      <header className="ws-page__head">
        <div>
          <h1>{data?.name ?? segmentKey}</h1>
          <p className="ws-page__sub">
            <code>{segmentKey}</code>
          </p>
        </div>
        {data && !editing && writable && (
          <div className="ws-actions">
            <button type="button" className="ws-button" onClick={() => setEditing(true)}>
              {t('detail.edit')}
            </button>
            <button type="button" className="ws-button" onClick={() => void sweepNow()} disabled={action.busy || Boolean(awaitingSweep)}>
              {t('detail.sweepNow')}
            </button>
            <button type="button" className="ws-button ws-button--danger" onClick={() => setAction({ busy: false, confirmDelete: true })}>
              {t('common:delete')}
            </button>
          </div>
        )}
      </header>
      {action.confirmDelete && (
        <div className="ws-alert ws-confirm" role="alertdialog" aria-labelledby="delete-segment-question">
          <p id="delete-segment-question">{t('detail.deleteQuestion', { key: segmentKey })}</p>
          <div className="ws-actions">
            <button type="button" className="ws-button ws-button--danger" onClick={() => void remove()} disabled={action.busy} autoFocus>
              {t('detail.deleteConfirm')}
            </button>
            <button type="button" className="ws-button" onClick={() => setAction({ busy: false })}>
              {t('common:cancel')}
            </button>
          </div>
        </div>
      )}
      {action.error !== undefined && <ProblemAlert error={action.error} />}
      {segment.error !== undefined && <ProblemAlert error={segment.error} onRetry={segment.reload} />}
      {segment.loading && !data && <p className="ws-empty">{t('common:loading')}</p>}
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

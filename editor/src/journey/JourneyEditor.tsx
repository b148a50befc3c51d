import type { JourneyDefinition } from '@trellis/journey';
import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useStore } from 'zustand';
import type { CatalogueResponse, JourneyDetail } from '../api/client';
import { useSession } from '../session/session';
import { browserCatalogue } from './browser-catalogue';
import { copiedNodes, copyNodes } from './clipboard';
import { createDraftStore } from './draft-store';
import { EditorCanvas } from './EditorCanvas';
import { defaultsOf, namesInUse, type PickerOptions } from './inspector/config-form-schema';
import { Inspector } from './inspector/Inspector';
import { LivePanel } from './live/LivePanel';
import type { LiveFilter } from './live/live-api';
import { LiveOverlayProvider } from './live/overlay-context';
import { useLiveStats } from './live/useLiveStats';
import { layoutTopDown } from './layout';
import { localizedCatalogue } from './localized-catalogue';
import { Palette } from './Palette';
import { ProblemsPanel } from './ProblemsPanel';
import { PublishDialog } from './PublishDialog';
import { SaveIndicator } from './SaveIndicator';
import { TestRunPanel, type RunHighlight } from './test-run/TestRunPanel';
import { toFlow, type NodeAnnotation } from './to-flow';
import { useAutosave } from './use-autosave';
import { usePickerOptions } from './use-picker-options';
import { useShortcuts } from './use-shortcuts';
import { useValidation, type Problem } from './use-validation';
import { VersionsPanel } from './versions/VersionsPanel';
import './journey-editor.css';

type Tab = 'inspect' | 'problems' | 'test' | 'versions' | 'live';
const tabs: Tab[] = ['inspect', 'problems', 'test', 'versions', 'live'];

function needsLayout(definition: JourneyDefinition): boolean {
  return definition.nodes.length > 0 && definition.nodes.every((node) => !node.position);
}

export function JourneyEditor({ journey: loaded, catalogue: served, restored }: { journey: JourneyDetail; catalogue: CatalogueResponse; restored?: JourneyDefinition }) {
  const { t } = useTranslation('journey');
  const catalogue = useMemo(() => ({ ...served, nodes: localizedCatalogue(served.nodes, t) }), [served, t]);
  const { api, can } = useSession();
  const [journey, setJourney] = useState(loaded);
  const store = useMemo(() => createDraftStore(loaded.draft), [loaded]);
  const definition = useStore(store, (state) => state.definition);
  const history = useStore(store.temporal, (state) => ({ undo: state.pastStates.length, redo: state.futureStates.length }));
  const editable = can('journeys:write') && journey.status !== 'archived';
  const autosave = useAutosave(api, journey.id, store, loaded.draft, editable);
  const compilerCatalogue = useMemo(() => browserCatalogue(catalogue.nodes), [catalogue]);
  const validation = useValidation(definition, compilerCatalogue, autosave.serverErrors);
  const [selected, setSelected] = useState<string[]>([]);
  const [selectRequest, setSelectRequest] = useState<{ ids: readonly string[]; focus: boolean }>();
  const [tab, setTab] = useState<Tab>('inspect');
  // A test run's form is made from the draft when first opened, then kept (with its replay) across tabs.
  const [testOpened, setTestOpened] = useState(false);
  useEffect(() => {
    if (tab === 'test') setTestOpened(true);
  }, [tab]);
  const [highlight, setHighlight] = useState<RunHighlight>();
  const [publishing, setPublishing] = useState(false);
  const [notice, setNotice] = useState<string>();
  const { fitView, screenToFlowPosition } = useReactFlow();
  const apiPickers = usePickerOptions(api);
  const [liveFilter, setLiveFilter] = useState<LiveFilter>({});
  const live = useLiveStats(journey.id, { enabled: tab === 'live', ...liveFilter });

  useEffect(() => {
    if (restored && JSON.stringify(restored) !== JSON.stringify(loaded.draft)) {
      store.getState().replace(restored);
      setNotice(t('restored'));
    }
  }, [store, restored, loaded, t]);

  const layout = useCallback(() => {
    const { definition: current } = store.getState();
    const flow = toFlow(current, catalogue.nodes);
    const laid = layoutTopDown(flow.nodes, flow.edges);
    store.getState().moveNodes(new Map(laid.map((node) => [node.id, node.position])));
    window.requestAnimationFrame(() => void fitView({ padding: 0.2, maxZoom: 1, duration: 300 }));
  }, [store, catalogue, fitView]);

  useEffect(() => {
    if (needsLayout(store.getState().definition)) layout();
    // Laying out a journey that came without positions is part of loading it, not an edit to undo.
    store.temporal.getState().clear();
  }, [store, layout]);

  const defaultConfig = useCallback((type: string) => defaultsOf(catalogue.nodes.find((node) => node.type === type)?.configSchema), [catalogue]);

  const addNode = useCallback(
    (type: string, position?: { x: number; y: number }) => {
      const at = position ?? screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
      const id = store.getState().addNode(type, at, defaultConfig(type));
      setSelectRequest({ ids: [id], focus: !position });
      setTab('inspect');
    },
    [store, defaultConfig, screenToFlowPosition],
  );

  const shortcuts = useMemo(
    () => ({
      undo: () => store.temporal.getState().undo(),
      redo: () => store.temporal.getState().redo(),
      copy: () => {
        const count = copyNodes(store.getState().definition, selected);
        if (count > 0) setNotice(t('copied', { count }));
      },
      paste: () => {
        const copied = copiedNodes();
        if (!copied || !editable) return;
        const ids = store.getState().paste(copied.nodes, copied.edges, { x: 40, y: 40 });
        setSelectRequest({ ids, focus: false });
      },
      selectAll: () => setSelectRequest({ ids: store.getState().definition.nodes.map((node) => node.id), focus: false }),
      layout: () => editable && layout(),
    }),
    [store, selected, editable, layout, t],
  );
  useShortcuts(shortcuts, true);

  const jump = useCallback((problem: Problem) => {
    setTab('inspect');
    setSelectRequest({ ids: problem.nodeId ? [problem.nodeId] : [], focus: true });
  }, []);

  const annotations = useMemo(() => {
    const map = new Map<string, NodeAnnotation>();
    for (const [nodeId, problems] of validation.byNode) map.set(nodeId, { problems: problems.map((problem) => problem.message) });
    const replay = tab === 'test' ? highlight : undefined;
    for (const nodeId of replay?.visited ?? []) map.set(nodeId, { ...map.get(nodeId), visited: true, current: replay?.current === nodeId });
    return map;
  }, [validation.byNode, highlight, tab]);

  const pickers = useMemo<PickerOptions>(() => {
    const configs = definition.nodes.map((node) => node.config);
    const merge = (fromApi: string[], key: keyof PickerOptions) => [...new Set([...fromApi, ...namesInUse(configs, key)])].sort();
    return {
      templates: merge(apiPickers.templates, 'templates'),
      segments: merge(apiPickers.segments, 'segments'),
      events: merge(apiPickers.events, 'events'),
      tags: merge(apiPickers.tags, 'tags'),
    };
  }, [definition, apiPickers]);

  const titleOf = (nodeId: string) => {
    const type = definition.nodes.find((node) => node.id === nodeId)?.type;
    const title = catalogue.nodes.find((descriptor) => descriptor.type === type)?.title;
    return title ? `${title} (${nodeId})` : nodeId;
  };

  const problemCount = validation.problems.length;
  return (
    <div className="journey-editor">
      <header className="journey-editor__bar">
        <Link href="/journeys" className="back">
          ← {t('backToList')}
        </Link>
        <NameField value={definition.name} disabled={!editable} onCommit={(name) => store.getState().rename(name)} />
        <span className={`badge badge--${journey.status}`}>
          {t(`status.${journey.status}`)}
          {journey.publishedVersion !== null && ` · v${journey.publishedVersion}`}
        </span>
        <SaveIndicator status={autosave.status} error={autosave.error} onRetry={() => void autosave.flush()} />
        <div className="journey-editor__actions" role="toolbar" aria-label={t('toolbar')}>
          <button type="button" onClick={shortcuts.undo} disabled={!editable || history.undo === 0} title={t('undoHint')}>
            {t('undo')}
          </button>
          <button type="button" onClick={shortcuts.redo} disabled={!editable || history.redo === 0} title={t('redoHint')}>
            {t('redo')}
          </button>
          <button type="button" onClick={layout} disabled={!editable} title={t('layoutHint')}>
            {t('layout')}
          </button>
          {can('journeys:publish') && (
            <button
              type="button"
              className="primary"
              onClick={() => setPublishing(true)}
              disabled={!editable || problemCount > 0 || !validation.checked}
              title={problemCount > 0 ? t('publishBlocked', { count: problemCount }) : undefined}
            >
              {t('publish')}
            </button>
          )}
        </div>
      </header>
      {notice && (
        <p className="notice" role="status">
          {notice}
          <button type="button" className="link" onClick={() => setNotice(undefined)}>
            {t('common:close')}
          </button>
        </p>
      )}
      <div className="journey-editor__body">
        <Palette catalogue={catalogue.nodes} disabled={!editable} onAdd={(type) => addNode(type)} />
        <LiveOverlayProvider overlay={tab === 'live' ? live.overlay : null}>
          <EditorCanvas
            store={store}
            catalogue={catalogue.nodes}
            annotations={annotations}
            editable={editable}
            onSelectionChange={setSelected}
            onAdd={addNode}
            selectRequest={selectRequest}
          />
        </LiveOverlayProvider>
        <aside className="side-panel" aria-label={t('sidePanel')}>
          <div role="tablist" aria-label={t('sidePanel')} className="tabs">
            {tabs.map((name) => (
              <button key={name} type="button" role="tab" id={`tab-${name}`} aria-selected={tab === name} aria-controls={`panel-${name}`} onClick={() => setTab(name)}>
                {t(`tabs.${name}`)}
                {name === 'problems' && problemCount > 0 && <span className="count">{problemCount}</span>}
              </button>
            ))}
          </div>
          {tabs.map((name) => (
            <div key={name} role="tabpanel" id={`panel-${name}`} aria-labelledby={`tab-${name}`} className="side-panel__body" hidden={tab !== name}>
              {name === 'inspect' && (
                <Inspector
                  definition={definition}
                  selected={selected}
                  catalogue={catalogue.nodes}
                  settingsSchema={catalogue.settingsSchema}
                  problems={validation.problems}
                  pickers={pickers}
                  editable={editable}
                  onConfig={(nodeId, config) => store.getState().updateConfig(nodeId, config)}
                  onSettings={(settings) => store.getState().setSettings(settings)}
                  onRemove={(ids) => store.getState().remove(ids, [])}
                  onConnect={(from, port, to) => (to ? store.getState().connect({ from, port, to }) : store.getState().disconnect(from, port))}
                />
              )}
              {name === 'problems' && <ProblemsPanel problems={validation.problems} onJump={jump} />}
              {/* Kept mounted while hidden, so a test run's contacts and replay survive a look at another tab. */}
              {name === 'test' && testOpened && <TestRunPanel definition={definition} catalogue={compilerCatalogue} plan={validation.plan} problemCount={problemCount} onHighlight={setHighlight} />}
              {name === 'versions' && tab === 'versions' && (
                <VersionsPanel
                  journeyId={journey.id}
                  draft={definition}
                  catalogue={catalogue.nodes}
                  canRollBack={editable && can('journeys:publish')}
                  onRolledBack={(version, rolledBack) => {
                    store.getState().replace(rolledBack);
                    setJourney((current) => ({ ...current, publishedVersion: version, status: current.status === 'draft' ? 'active' : current.status }));
                  }}
                  beforeRollBack={autosave.flush}
                />
              )}
              {name === 'live' && tab === 'live' && (
                <LivePanel
                  journeyId={journey.id}
                  live={live}
                  filter={liveFilter}
                  onFilterChange={setLiveFilter}
                  selectedNodeId={selected.length === 1 ? selected[0]! : null}
                  onSelectNode={(nodeId) => setSelectRequest({ ids: [nodeId], focus: true })}
                  nodeLabel={(nodeId) => titleOf(nodeId)}
                />
              )}
            </div>
          ))}
        </aside>
      </div>
      {publishing && (
        <PublishDialog
          journeyId={journey.id}
          flush={autosave.flush}
          onClose={() => setPublishing(false)}
          onPublished={(version) => {
            setPublishing(false);
            setJourney((current) => ({ ...current, publishedVersion: version, status: current.status === 'draft' ? 'active' : current.status }));
            setNotice(t('published', { version }));
          }}
        />
      )}
    </div>
  );
}

/** The journey's name, committed when the field is left (one undo step, not one per key). */
function NameField({ value, disabled, onCommit }: { value: string; disabled: boolean; onCommit: (name: string) => void }) {
  const { t } = useTranslation('journey');
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() && draft !== value) onCommit(draft.trim());
    else setDraft(value);
  };
  return (
    <input
      className="journey-editor__name"
      aria-label={t('name')}
      value={draft}
      disabled={disabled}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => event.key === 'Enter' && (event.target as HTMLInputElement).blur()}
    />
  );
}

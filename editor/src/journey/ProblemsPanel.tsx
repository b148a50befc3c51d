import { useTranslation } from 'react-i18next';
import type { Problem } from './use-validation';

/** Every problem in the draft; choosing one selects and shows the node (and field) it names. */
export function ProblemsPanel({ problems, onJump }: { problems: readonly Problem[]; onJump: (problem: Problem) => void }) {
  const { t } = useTranslation('journey');
  if (problems.length === 0) return <p className="problems__none">{t('problems.none')}</p>;
  return (
    <ul className="problems" aria-label={t('problems.label')}>
      {problems.map((problem, index) => (
        <li key={`${problem.code}:${problem.nodeId ?? ''}:${problem.field ?? ''}:${index}`}>
          <button type="button" onClick={() => onJump(problem)}>
            <span className="problems__where">
              {problem.nodeId ?? t('problems.journey')}
              {problem.field && <code> · {problem.field}</code>}
            </span>
            <span className="problems__message">{problem.message}</span>
            {problem.source === 'server' && <span className="muted problems__source">{t('problems.fromServer')}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceChoice } from './sign-in-api';

/** For operators in several workspaces: which one to act in, each with the role they have there. */
export function WorkspacePicker({ workspaces, onChoose, onBack }: { workspaces: readonly WorkspaceChoice[]; onChoose: (workspaceId: string) => void; onBack: () => void }) {
  const { t } = useTranslation('access');
  const titleId = useId();
  return (
    <div className="signin__form">
      <h2 id={titleId} className="signin__step">
        {t('workspaces.title')}
      </h2>
      <p className="field__hint">{t('workspaces.hint')}</p>
      <ul className="workspace-list" aria-labelledby={titleId}>
        {workspaces.map((workspace) => (
          <li key={workspace.id}>
            <button type="button" className="workspace-list__choice" onClick={() => onChoose(workspace.id)}>
              <span className="workspace-list__name">{workspace.name ?? t('workspaces.unnamed', { id: workspace.id })}</span>
              <span className="workspace-list__role">{t(`common:roles.${workspace.role}`, { defaultValue: workspace.role })}</span>
              <span className="workspace-list__id">{workspace.id}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="link" onClick={onBack}>
        {t('workspaces.back')}
      </button>
    </div>
  );
}

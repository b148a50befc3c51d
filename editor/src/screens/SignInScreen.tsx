import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Credentials } from '../api/client';
import { ApiErrorAlert } from '../ui/ApiErrorAlert';
import { ApiKeyForm } from './access/ApiKeyForm';
import { LanguageSelect } from './access/LanguageSelect';
import { PasswordForm } from './access/PasswordForm';
import { endSession, withNames, type SignedIn, type WorkspaceChoice } from './access/sign-in-api';
import { WorkspacePicker } from './access/WorkspacePicker';
import './access/access.css';

type Step = { kind: 'password' } | { kind: 'naming'; token: string } | { kind: 'workspace'; token: string; workspaces: WorkspaceChoice[] } | { kind: 'noWorkspace' } | { kind: 'apiKey' };

/**
 * Operators sign in with email and password and, when they belong to several workspaces, choose
 * one; servers' API keys can be pasted instead. `error` is why the saved credentials were refused.
 */
export function SignInScreen({ error, onSignedIn }: { error?: unknown; onSignedIn: (credentials: Credentials) => void }) {
  const { t } = useTranslation('access');
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const titleId = useId();

  function signedIn({ token, workspaces }: SignedIn) {
    const [first] = workspaces;
    if (!first) {
      endSession(token);
      setStep({ kind: 'noWorkspace' });
    } else if (workspaces.length === 1) {
      onSignedIn({ kind: 'session', token, workspaceId: first.id });
    } else {
      setStep({ kind: 'naming', token });
      // Unless the user went back meanwhile.
      void withNames(token, workspaces).then((named) => setStep((current) => (current.kind === 'naming' && current.token === token ? { kind: 'workspace', token, workspaces: named } : current)));
    }
  }

  function back(token?: string) {
    if (token) endSession(token);
    setStep({ kind: 'password' });
  }

  return (
    <main className="signin">
      <div className="signin__top">
        <LanguageSelect />
      </div>
      <section className="signin__card" aria-labelledby={titleId}>
        <h1 id={titleId} className="signin__title">
          {t('signIn.title')}
        </h1>
        <p className="signin__subtitle">{t('signIn.subtitle')}</p>
        {error !== undefined && step.kind !== 'workspace' && <ApiErrorAlert error={error} overrides={{ 401: t('signIn.refused'), 403: t('signIn.refused') }} />}
        {step.kind === 'password' && <PasswordForm onSignedIn={signedIn} />}
        {step.kind === 'naming' && (
          <p className="muted" role="status">
            {t('workspaces.loading')}
          </p>
        )}
        {step.kind === 'workspace' && <WorkspacePicker workspaces={step.workspaces} onChoose={(workspaceId) => onSignedIn({ kind: 'session', token: step.token, workspaceId })} onBack={() => back(step.token)} />}
        {step.kind === 'noWorkspace' && (
          <div className="signin__form">
            <p role="alert" className="api-alert">
              {t('workspaces.none')}
            </p>
            <button type="button" className="link" onClick={() => back()}>
              {t('workspaces.back')}
            </button>
          </div>
        )}
        {step.kind === 'apiKey' && <ApiKeyForm onSignedIn={onSignedIn} />}
        {(step.kind === 'password' || step.kind === 'apiKey') && (
          <button type="button" className="link signin__switch" onClick={() => setStep({ kind: step.kind === 'apiKey' ? 'password' : 'apiKey' })}>
            {step.kind === 'apiKey' ? t('signIn.usePassword') : t('signIn.useApiKey')}
          </button>
        )}
      </section>
    </main>
  );
}

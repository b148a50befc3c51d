import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Credentials } from '../../api/client';

/**
 * A pasted workspace API key, for servers' keys and `npm start` (which opens the editor with one).
 * It is checked by the session loading `GET /v1/access`, whose refusal comes back as the screen's error.
 */
export function ApiKeyForm({ onSignedIn }: { onSignedIn: (credentials: Credentials) => void }) {
  const { t } = useTranslation('access');
  const [apiKey, setApiKey] = useState('');
  const hintId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    onSignedIn({ kind: 'apiKey', apiKey: apiKey.trim() });
  }

  return (
    <form className="signin__form" onSubmit={submit}>
      <label className="field">
        <span className="field__label">{t('apiKey.label')}</span>
        <input type="password" autoComplete="off" spellCheck={false} required value={apiKey} onChange={(event) => setApiKey(event.target.value)} placeholder="trl_…" aria-describedby={hintId} autoFocus />
      </label>
      <p id={hintId} className="field__hint">
        {t('apiKey.hint')}
      </p>
      <button type="submit" className="primary" disabled={!apiKey.trim()}>
        {t('apiKey.submit')}
      </button>
    </form>
  );
}

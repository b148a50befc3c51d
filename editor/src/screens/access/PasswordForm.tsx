import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { signIn, type SignedIn } from './sign-in-api';

/** Email and password; a refusal keeps what was typed so the user corrects rather than retypes. */
export function PasswordForm({ onSignedIn }: { onSignedIn: (signedIn: SignedIn) => void }) {
  const { t } = useTranslation('access');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(email.trim(), password));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <form className="signin__form" onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <label className="field">
        <span className="field__label">{t('signIn.email')}</span>
        <input type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} autoFocus />
      </label>
      <label className="field">
        <span className="field__label">{t('signIn.password')}</span>
        <input type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
      </label>
      {error !== null && <ApiErrorAlert error={error} overrides={{ 401: t('signIn.wrongPassword'), 429: t('signIn.throttled') }} />}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('signIn.submitting') : t('signIn.submit')}
      </button>
    </form>
  );
}

import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** Tags as chips: type one and press Enter (or Add); each chip has its own remove button. */
export function TagsEditor({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const { t } = useTranslation('contacts');
  const [draft, setDraft] = useState('');

  const add = () => {
    const fresh = draft
      .split(/[,，]/)
      .map((tag) => tag.trim())
      .filter((tag) => tag && !tags.includes(tag));
    if (fresh.length) onChange([...tags, ...new Set(fresh)]);
    setDraft('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };

  return (
    <fieldset className="ws-fieldset">
      <legend>{t('fields.tags')}</legend>
      <div className="ws-tags">
        {tags.length === 0 && <span className="ws-empty">{t('tags.none')}</span>}
        {tags.map((tag) => (
          <span key={tag} className="ws-chip">
            {tag}
            <button type="button" onClick={() => onChange(tags.filter((other) => other !== tag))} aria-label={t('tags.remove', { tag })}>
              ×
            </button>
          </span>
        ))}
      </div>
      <div className="ws-inline">
        <label className="ws-field">
          <span className="ws-sr-only">{t('tags.new')}</span>
          <input value={draft} onChange={(event) => setDraft(event.target.value)} onKeyDown={onKeyDown} placeholder={t('tags.placeholder')} />
        </label>
        <button type="button" className="ws-button ws-button--small" onClick={add} disabled={!draft.trim()}>
          {t('tags.add')}
        </button>
      </div>
    </fieldset>
  );
}

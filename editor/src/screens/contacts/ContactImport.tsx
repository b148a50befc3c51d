import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { useAction } from '../../ui/use-action';
import { readHeader } from './csv';
import { guessColumn, importBody, mappingProblem, type ColumnChoice, type ImportOptions } from './import-mapping';
import type { ContactImport as ImportJob } from './import-types';
import { ImportColumns } from './ImportColumns';
import { ImportProgress } from './ImportProgress';
import { RecentImports } from './RecentImports';

const defaultOptions: ImportOptions = { encoding: 'utf-8', delimiter: ',', phoneRegion: 'CN', addTags: '', tagSeparator: ';' };
const delimiters: Record<ImportOptions['delimiter'], string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/**
 * Contacts from a CSV file: pick it, say where each column goes, start; the import is created
 * with that mapping, its file uploaded as text/csv, and its progress followed to the end.
 */
export function ContactImport({ onImported, onClose }: { onImported: () => void; onClose: () => void }) {
  const { t } = useTranslation('contacts');
  const { api } = useSession();
  const [file, setFile] = useState<File>();
  const [options, setOptions] = useState(defaultOptions);
  const [choices, setChoices] = useState<ColumnChoice[]>([]);
  const [headerError, setHeaderError] = useState<unknown>();
  const upload = useAction();
  const [job, setJob] = useState<ImportJob>();
  const problem = choices.length ? mappingProblem(choices) : undefined;

  const pick = async (picked: File | undefined, next: ImportOptions) => {
    setFile(picked);
    setOptions(next);
    upload.dismiss();
    setHeaderError(undefined);
    if (!picked) return setChoices([]);
    try {
      setChoices((await readHeader(picked, next.encoding, next.delimiter)).filter(Boolean).map(guessColumn));
    } catch (error) {
      setChoices([]);
      setHeaderError(error);
    }
  };

  const start = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || problem) return;
    await upload.run(async () => {
      const created = await api.post<ImportJob>('/v1/contact-imports', importBody(choices, options, file.name));
      // The file goes as it is; the API reads it in the encoding the mapping names.
      return api.request<ImportJob>('PUT', `/v1/contact-imports/${encodeURIComponent(created.id)}/file`, { body: file, contentType: 'text/csv' });
    }, setJob);
  };

  const reset = () => {
    setJob(undefined);
    setFile(undefined);
    setChoices([]);
  };

  return (
    <section className="ws-card ws-import" aria-labelledby="import-title">
      <div className="ws-card__head">
        <h2 id="import-title">{t('import.title')}</h2>
        <button type="button" className="ws-button ws-button--small" onClick={onClose}>
          {t('common:close')}
        </button>
      </div>
      {job ? (
        <>
          <ImportProgress key={job.id} initial={job} onFinished={onImported} />
          <div className="ws-actions ws-import__again">
            <button type="button" className="ws-button" onClick={reset}>
              {t('import.another')}
            </button>
          </div>
        </>
      ) : (
        <form className="ws-form" onSubmit={(event) => void start(event)}>
          <p className="ws-hint">{t('import.intro')}</p>
          <div className="ws-form-row">
            <label className="ws-field">
              <span className="ws-field__label">{t('import.file')}</span>
              <input type="file" accept=".csv,text/csv" onChange={(event) => void pick(event.target.files?.[0], options)} />
            </label>
            <label className="ws-field">
              <span className="ws-field__label">{t('import.encoding')}</span>
              <select value={options.encoding} onChange={(event) => void pick(file, { ...options, encoding: event.target.value as ImportOptions['encoding'] })}>
                <option value="utf-8">UTF-8</option>
                <option value="gb18030">GB18030 (GBK)</option>
              </select>
            </label>
            <label className="ws-field">
              <span className="ws-field__label">{t('import.delimiter')}</span>
              <select value={options.delimiter} onChange={(event) => void pick(file, { ...options, delimiter: event.target.value as ImportOptions['delimiter'] })}>
                {Object.entries(delimiters).map(([delimiter, name]) => (
                  <option key={name} value={delimiter}>
                    {t(`import.delimiters.${name}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="ws-form-row">
            <label className="ws-field">
              <span className="ws-field__label">{t('import.phoneRegion')}</span>
              <input value={options.phoneRegion} onChange={(event) => setOptions({ ...options, phoneRegion: event.target.value })} maxLength={2} aria-describedby="import-region-hint" />
              <span id="import-region-hint" className="ws-hint">
                {t('import.phoneRegionHint')}
              </span>
            </label>
            <label className="ws-field">
              <span className="ws-field__label">{t('import.addTags')}</span>
              <input value={options.addTags} onChange={(event) => setOptions({ ...options, addTags: event.target.value })} aria-describedby="import-tags-hint" />
              <span id="import-tags-hint" className="ws-hint">
                {t('import.addTagsHint')}
              </span>
            </label>
            <label className="ws-field">
              <span className="ws-field__label">{t('import.tagSeparator')}</span>
              <input value={options.tagSeparator} onChange={(event) => setOptions({ ...options, tagSeparator: event.target.value })} maxLength={3} />
            </label>
          </div>
          {headerError !== undefined && <ApiErrorAlert error={headerError} />}
          {choices.length > 0 && <ImportColumns choices={choices} onChange={setChoices} />}
          {problem && (
            <p className="ws-field-error" role="alert">
              {t(problem)}
            </p>
          )}
          {upload.error !== undefined && <ApiErrorAlert error={upload.error} />}
          <div className="ws-actions">
            <button type="submit" className="ws-button ws-button--primary" disabled={!file || !choices.length || Boolean(problem) || upload.busy}>
              {upload.busy ? t('import.uploading') : t('import.start')}
            </button>
          </div>
        </form>
      )}
      {!job && <RecentImports onOpen={setJob} />}
    </section>
  );
}

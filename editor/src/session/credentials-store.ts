import type { Credentials } from '../api/client';

const storageKey = 'trellis.credentials';
const legacyApiKey = 'trellis.apiKey';

/**
 * `npm start` opens the editor with `#apiKey=…`; keep it and take it out of the address bar so it
 * is not shared by copying the URL.
 */
export function takeApiKeyFromLocation(): void {
  const match = /(?:^|[#&])apiKey=([^&]+)/.exec(window.location.hash);
  if (!match?.[1]) return;
  saveCredentials({ kind: 'apiKey', apiKey: decodeURIComponent(match[1]).trim() });
  history.replaceState(null, '', window.location.pathname + window.location.search);
}

export function storedCredentials(): Credentials | null {
  const stored = localStorage.getItem(storageKey);
  if (stored) {
    try {
      return JSON.parse(stored) as Credentials;
    } catch {
      localStorage.removeItem(storageKey);
    }
  }
  const apiKey = localStorage.getItem(legacyApiKey);
  return apiKey ? { kind: 'apiKey', apiKey } : null;
}

export function saveCredentials(credentials: Credentials): void {
  localStorage.setItem(storageKey, JSON.stringify(credentials));
  localStorage.removeItem(legacyApiKey);
}

export function forgetCredentials(): void {
  localStorage.removeItem(storageKey);
  localStorage.removeItem(legacyApiKey);
}

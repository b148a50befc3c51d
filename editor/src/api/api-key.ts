const storageKey = 'trellis.apiKey';

/**
 * `npm start` opens the editor with `#apiKey=…`; keep it in localStorage and take it out of the
 * address bar so it is not shared by copying the URL.
 */
export function takeApiKeyFromLocation(): void {
  const match = /(?:^|[#&])apiKey=([^&]+)/.exec(window.location.hash);
  if (!match?.[1]) return;
  localStorage.setItem(storageKey, decodeURIComponent(match[1]));
  history.replaceState(null, '', window.location.pathname + window.location.search);
}

export function storedApiKey(): string | null {
  return localStorage.getItem(storageKey);
}

export function saveApiKey(key: string): void {
  localStorage.setItem(storageKey, key.trim());
}

export function forgetApiKey(): void {
  localStorage.removeItem(storageKey);
}

import { useState, type FormEvent } from 'react';

/** Asks for a workspace API key when the editor was not opened from `npm start`'s link. */
export function ConnectForm({ onConnect, error }: { onConnect: (key: string) => void; error?: string }) {
  const [key, setKey] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim()) onConnect(key.trim());
  };
  return (
    <form className="connect" onSubmit={submit}>
      <h1>Trellis</h1>
      <p>Paste a workspace API key to open its journeys. <code>npm start</code> prints one for the dev workspace.</p>
      <input aria-label="API key" placeholder="trl_…" value={key} onChange={(event) => setKey(event.target.value)} autoFocus />
      <button type="submit">Connect</button>
      {error && <p className="error" role="alert">{error}</p>}
    </form>
  );
}

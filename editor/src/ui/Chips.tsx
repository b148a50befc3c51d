/** Short labels side by side (a contact's tags, a template's channels). */
export function Chips({ labels }: { labels: readonly string[] }) {
  return (
    <>
      {labels.map((label) => (
        <span key={label} className="ws-chip">
          {label}
        </span>
      ))}
    </>
  );
}

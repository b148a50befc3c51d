import type { JourneySummary } from '../api/client';

export function JourneyList({
  journeys,
  selectedId,
  onSelect,
}: {
  journeys: readonly JourneySummary[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  if (journeys.length === 0) return <p className="muted">No journeys yet. Create one through the API.</p>;
  return (
    <ul className="journey-list" aria-label="Journeys">
      {journeys.map((journey) => (
        <li key={journey.id}>
          <button className={journey.id === selectedId ? 'selected' : undefined} onClick={() => onSelect(journey.id)}>
            <span className="journey-list__name">{journey.name}</span>
            <span className={`badge badge--${journey.status}`}>
              {journey.status}
              {journey.publishedVersion !== null && ` · v${journey.publishedVersion}`}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

import { useEffect, useState } from 'react';
import type { ApiClient, CatalogueResponse } from '../api/client';

let cached: Promise<CatalogueResponse> | undefined;

/** The node catalogue (palette, inspector schemas), fetched once per page load: it changes only when the API restarts. */
export function useCatalogue(api: ApiClient): { catalogue?: CatalogueResponse; error?: unknown } {
  const [state, setState] = useState<{ catalogue?: CatalogueResponse; error?: unknown }>({});
  useEffect(() => {
    cached ??= api.catalogue();
    let live = true;
    cached.then(
      (catalogue) => live && setState({ catalogue }),
      (error: unknown) => {
        cached = undefined;
        if (live) setState({ error });
      },
    );
    return () => {
      live = false;
    };
  }, [api]);
  return state;
}

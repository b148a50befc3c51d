import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';
import { useSession } from '../session/session';
import type { PickerOptions } from './inspector/config-form-schema';

const none: PickerOptions = { templates: [], segments: [], events: [], tags: [] };

/**
 * Names the API knows: message template and segment keys (for the roles that may read them).
 * Events and tags have no listing endpoint; the editor suggests the ones the journey already uses.
 */
export function usePickerOptions(api: ApiClient): PickerOptions {
  const { can } = useSession();
  const [options, setOptions] = useState<PickerOptions>(none);
  const canReadTemplates = can('messages:read');
  const canReadSegments = can('segments:read');
  useEffect(() => {
    let live = true;
    const keys = async (allowed: boolean, path: string, field: 'templates' | 'segments') => {
      if (!allowed) return [];
      const body = await api.get<Record<string, { key: string }[]>>(path).catch(() => ({}) as Record<string, { key: string }[]>);
      return (body[field] ?? []).map((item) => item.key);
    };
    void Promise.all([keys(canReadTemplates, '/v1/message-templates', 'templates'), keys(canReadSegments, '/v1/segments', 'segments')]).then(
      ([templates, segments]) => live && setOptions({ ...none, templates, segments }),
    );
    return () => {
      live = false;
    };
  }, [api, canReadTemplates, canReadSegments]);
  return options;
}

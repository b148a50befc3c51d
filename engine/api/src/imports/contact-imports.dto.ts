import { z } from 'zod';
import { importMapping } from './import-mapping';

export const createImportBody = z.strictObject({
  mapping: importMapping,
  fileName: z.string().trim().min(1).max(255).optional().describe('Shown in the import list.'),
});
export type CreateImportBody = z.infer<typeof createImportBody>;

import { z } from 'zod';

/** Path ids are MongoDB ObjectIds; anything else cannot exist, so it is a 404, not a 500. */
export const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'ids are 24 hexadecimal characters');

import { buildEditor, buildEngine } from '../lib/build';

buildEngine()
  .then(buildEditor)
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });

/**
 * Where the API reference page's static files are: the `api-docs/` folder beside this module, and beside
 * the bundled server when it is bundled (ship `server/src/rest/api-docs/` as `api-docs/` next to the bundle).
 * The one place that knows, so a bundler only has to copy that folder.
 */
import { fileURLToPath } from 'node:url';

export const API_DOCS_FOLDER = fileURLToPath(new URL('./api-docs/', import.meta.url));

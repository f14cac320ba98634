/**
 * Where the dashboard's built files are: `dashboard/` beside the bundled server (scripts/bundle.ts copies
 * dashboard/dist there), else the workspace's own build, dashboard/dist, when running from the source
 * tree. The one place that knows, like rest/api-docs-folder.ts.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BESIDE_BUNDLE = fileURLToPath(new URL('./dashboard/', import.meta.url));
const SOURCE_TREE = fileURLToPath(new URL('../../../dashboard/dist/', import.meta.url));

export const DASHBOARD_FOLDER = existsSync(BESIDE_BUNDLE) ? BESIDE_BUNDLE : SOURCE_TREE;

/** Every migration, in order. Listed explicitly (not discovered on disk) so the server runs from any path. */
import { M001Core } from './m001-core.ts';

export const MIGRATIONS = [{ name: 'm001-core', class: M001Core }];

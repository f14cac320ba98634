/**
 * Where a client puts its credentials (see auth.ts). Kept apart from the schemas, with no imports, so the
 * extension's bundle can use these names without pulling zod in.
 */
export const PROJECT_HEADER = 'x-coordinator-project';
export const TOKEN_ENV = 'COORDINATOR_TOKEN';
export const PROJECT_ENV = 'COORDINATOR_PROJECT';

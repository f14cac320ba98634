/**
 * Size limits on every input. They bound what one request can make the server store or scan,
 * and are part of the contract: a client learns them from the validation error that names the field.
 */
export const LIMITS = {
  nameLength: 100,
  titleLength: 200,
  descriptionLength: 20_000,
  noteLength: 4_000,
  pathLength: 1_024,
  capabilityLength: 50,
  capabilities: 32,
  filesPerRequest: 200,
  dependencies: 100,
  listPageSize: 1_000,
  /** Whole request bodies above this are refused before parsing (HTTP 413). */
  requestBytes: 1_048_576,
  ttlSecondsMin: 5,
  ttlSecondsMax: 86_400,
} as const;

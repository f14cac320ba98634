/**
 * Keys of the PostgreSQL transaction-level advisory locks that serialise decisions which no row lock
 * can protect: whether two glob patterns overlap is decided in code, so every grant of a file lock
 * (claims included) runs under one lock per lock space.
 */
export const LOCK_SPACE_KEY = 74_210_001;

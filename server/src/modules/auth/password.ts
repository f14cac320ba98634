/**
 * Passwords are kept as bcrypt hashes (bcryptjs: pure JavaScript, nothing to compile). A login for an
 * unknown account still spends one bcrypt comparison, so its timing does not tell which names exist.
 */
import bcrypt from 'bcryptjs';

const COST = 11;
// A hash of a random string no one knows, compared against when the account does not exist.
const DECOY_HASH = bcrypt.hashSync('decoy password that matches nothing', COST);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function passwordMatches(password: string, hash: string | null): Promise<boolean> {
  return bcrypt.compare(password, hash ?? DECOY_HASH).then((ok) => ok && hash !== null);
}

/**
 * Passwords are kept as bcrypt hashes (bcryptjs: pure JavaScript, nothing to compile). A login for an
 * unknown account still spends one bcrypt comparison, so its timing does not tell which names exist.
 */
import bcrypt from 'bcryptjs';

const COST = 11;
// What a login for a missing account is compared against: the bcrypt hash, at COST, of a random string that
// was thrown away. A literal, not `hashSync` at load: that took 0.25–0.7 s of every server start's CPU.
const DECOY_HASH = '$2b$11$3E9NGVGSW8Zq75NChrPFQ.6UTVdWOcRQtHTj2rM.XyYigJuFT1.Ce';

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function passwordMatches(password: string, hash: string | null): Promise<boolean> {
  return bcrypt.compare(password, hash ?? DECOY_HASH).then((ok) => ok && hash !== null);
}

/**
 * Whether a host name or address is loopback. Pure and free of imports, so the configuration, the
 * startup check and the HTTP origin policy all use it without importing one another.
 */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare) || bare === '::ffff:127.0.0.1';
}

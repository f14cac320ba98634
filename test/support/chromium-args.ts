/**
 * The flags every browser suite launches Debian's Chromium with (the dashboard's and the real-VS-Code
 * suites'): no sandbox in the container, no GPU, nothing fetched in the background, and /tmp for shared
 * memory rather than a small /dev/shm.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** How times and durations read in tooltips and descriptions ("until 14:05", "3 min ago"). */

const pad = (n: number): string => String(n).padStart(2, '0');

/** "14:05" today, "Nov 21 14:05" another day (local time). */
export function clockTime(iso: string, now: number = Date.now()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const hm = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) return hm;
  return `${date.toLocaleString('en', { month: 'short' })} ${date.getDate()} ${hm}`;
}

/** "just now", "42 s ago", "3 min ago", "2 h ago", "5 d ago". */
export function ago(iso: string, now: number = Date.now()): string {
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}

/** "until 14:05" while the lease runs; leases renewed by heartbeat may show a past time, so say so. */
export function until(iso: string, now: number = Date.now()): string {
  return Date.parse(iso) > now ? `until ${clockTime(iso, now)}` : 'lease renewed by heartbeat';
}

/** "1 file", "3 files": counts in messages read as English, never "file(s)". */
export function plural(count: number, noun: string, nouns: string = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

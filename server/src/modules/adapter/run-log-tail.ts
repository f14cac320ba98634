/**
 * The end of a run's log file, cut at a line boundary: a run's output so far for a viewer that then
 * follows the live `run.output` events. A log not written yet (a held or just-started run) is empty.
 */
import { open } from 'node:fs/promises';

export async function readLogTail(path: string, maxBytes: number): Promise<{ readonly text: string; readonly truncated: boolean }> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', truncated: false };
    throw error;
  }
  try {
    const { size } = await file.stat();
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    await file.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    if (start === 0) return { text, truncated: false };
    // Drop the partial first line (and any character cut in half with it).
    const newline = text.indexOf('\n');
    return { text: newline === -1 ? '' : text.slice(newline + 1), truncated: true };
  } finally {
    await file.close();
  }
}

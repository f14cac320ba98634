/**
 * Knowledge entries as the editor shows them: a search result as a quick-pick row, an entry as a
 * read-only Markdown document, and the comma-separated tags a person types parsed for the server.
 */
import type { KnowledgeEntry, KnowledgeKind } from '@agent-coordinator/shared';
import { clockTime } from './format.ts';

export const KNOWLEDGE_KIND_ICONS: Readonly<Record<KnowledgeKind, string>> = {
  decision: 'law',
  convention: 'book',
  note: 'note',
  gotcha: 'warning',
};

export interface KnowledgePickRow {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
}

const firstLine = (text: string, max = 160): string => {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** `$(law) K-3 Use the lock index` · `decision · #locks · 0.82` · first line of the body. */
export function knowledgePickRow(entry: KnowledgeEntry, score?: number): KnowledgePickRow {
  const tags = entry.tags.map((t) => `#${t}`).join(' ');
  return {
    label: `$(${KNOWLEDGE_KIND_ICONS[entry.kind]}) ${entry.key} ${entry.title}`,
    description: [entry.kind, tags, score === undefined ? '' : score.toFixed(2)].filter(Boolean).join(' · '),
    detail: firstLine(entry.body),
  };
}

export function renderKnowledgeMarkdown(entry: KnowledgeEntry, now: number = Date.now()): string {
  const lines = [`# ${entry.key} ${entry.title}`, ''];
  const meta = [`**${entry.kind}**`, entry.author ? `by ${entry.author}` : '', `updated ${clockTime(entry.updated_at, now)}`].filter(Boolean).join(' · ');
  lines.push(meta, '');
  if (entry.tags.length > 0) lines.push(`Tags: ${entry.tags.map((t) => `\`${t}\``).join(' ')}`, '');
  lines.push(entry.body.trim(), '');
  if (entry.files.length > 0) lines.push('## Files', '', ...entry.files.map((f) => `- \`${f}\``), '');
  if (entry.tasks.length > 0) lines.push('## Tasks', '', ...entry.tasks.map((t) => `- ${t}`), '');
  lines.push(`<sub>knowledge id ${entry.knowledge_id}</sub>`, '');
  return lines.join('\n');
}

/** "database, ci:flaky  #perf" → ["database", "ci:flaky", "perf"] (lower case, no duplicates). */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((t) => t.replace(/^#/, '').trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

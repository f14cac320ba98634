/** A small throwaway repository for the workbench to open: a few files in folders, and workspace settings. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const WORKSPACE_FILES: Readonly<Record<string, string>> = {
  'README.md': '# Demo repository\n',
  'src/alpha.ts': 'export const alpha = 1;\n',
  'src/beta.ts': 'export const beta = 2;\n',
  'src/gamma.ts': 'export const gamma = 3;\n',
  'src/delta.ts': 'export const delta = 4;\n',
  'src/epsilon.ts': 'export const epsilon = 5;\n',
  'src/lib/zeta.ts': 'export const zeta = 6;\n',
  'docs/guide.md': '# Guide\n',
};

export async function createWorkspace(settings: Record<string, unknown>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'ac-vscode-ws-'));
  for (const [path, content] of Object.entries(WORKSPACE_FILES)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  await mkdir(join(root, '.vscode'), { recursive: true });
  await writeFile(
    join(root, '.vscode', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'git.enabled': false,
        'explorer.decorations.badges': true,
        'explorer.decorations.colors': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        ...settings,
      },
      null,
      2,
    ),
  );
  return root;
}

/**
 * The manifest is honest: the commands it contributes are exactly the ones the extension registers (checked
 * by running `activate` against a stub of the vscode module), its menus and views name things that exist,
 * its language-model tools match the shared catalogue, and the .vsix rules ship no sources.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { installVscodeStub } from './support/vscode-hook.ts';
import { COMMANDS, MCP_PROVIDER_ID, VIEWS } from '../../extension/src/common/commands.ts';
import { LM_TOOL_NAMES } from '../../extension/src/common/lm-tools.ts';
import { languageModelTools } from '../../extension/scripts/lm-tool-manifest.ts';

interface Manifest {
  readonly main: string;
  readonly engines: { readonly vscode: string };
  readonly activationEvents: readonly string[];
  readonly devDependencies?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly contributes: {
    readonly commands: readonly { command: string; title: string; icon?: string }[];
    readonly menus: Record<string, readonly { command: string; when?: string; group?: string }[]>;
    readonly keybindings?: readonly { command: string; key: string; mac?: string }[];
    readonly views: Record<string, readonly { id: string }[]>;
    readonly languageModelTools: readonly { name: string; inputSchema?: unknown }[];
    readonly mcpServerDefinitionProviders: readonly { id: string }[];
    readonly configuration: { properties: Record<string, unknown> };
    readonly viewsWelcome: readonly { view: string; contents: string; when?: string }[];
    readonly walkthroughs: readonly { id: string; steps: readonly { id: string; description: string; media: { markdown?: string }; completionEvents?: readonly string[] }[] }[];
  };
}

const manifest = JSON.parse(readFileSync(new URL('../../extension/package.json', import.meta.url), 'utf8')) as Manifest;
const contributed = manifest.contributes.commands.map((c) => c.command).sort();

describe('extension manifest', () => {
  it('contributes exactly the commands the code declares', () => {
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    assert.equal(new Set(contributed).size, contributed.length, 'no duplicates');
  });

  it('activate() registers exactly the contributed commands, views, tools and providers — fast', async function () {
    installVscodeStub();
    const stub = await import('./support/vscode-stub.ts');
    stub.recorded.config.set('serverUrl', 'http://127.0.0.1:9'); // nothing listens: the session only retries
    const extension = await import('../../extension/src/extension.ts');
    const subscriptions: { dispose(): unknown }[] = [];
    const context = {
      subscriptions,
      secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: () => ({ dispose: () => undefined }) },
      extension: { packageJSON: manifest },
    };
    const api = extension.activate(context as never);
    try {
      assert.deepEqual([...stub.recorded.commands].sort(), contributed);
      assert.deepEqual(stub.recorded.views.sort(), Object.values(VIEWS).sort());
      assert.deepEqual(stub.recorded.tools, [...LM_TOOL_NAMES]);
      assert.deepEqual(stub.recorded.mcpProviders, [MCP_PROVIDER_ID]);
      assert.equal(stub.recorded.decorationProviders, 1);
      assert.ok(api.activation.activateMs < 200, `activate took ${api.activation.activateMs} ms`);
    } finally {
      for (const s of subscriptions.reverse()) s.dispose();
    }
    assert.equal(stub.recorded.commands.size, 0, 'every command is disposed with the context');
  });

  it('menus, views and providers refer to contributed things', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(contributed.includes(item.command), `${menu} names unknown command ${item.command}`);
    }
    assert.deepEqual(manifest.contributes.views['agentCoordinator']?.map((v) => v.id).sort(), Object.values(VIEWS).sort());
    assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders.map((p) => p.id), [MCP_PROVIDER_ID]);
    assert.ok('agentCoordinator.serverUrl' in manifest.contributes.configuration.properties);
    assert.ok(!JSON.stringify(manifest.contributes.configuration).toLowerCase().includes('"agentcoordinator.token"'), 'the token is never a setting');
  });

  it('lets a human run the task lifecycle from the palette and the keyboard, and keeps the magnifier off the Tasks view', () => {
    const hidden = new Set(manifest.contributes.menus['commandPalette']?.filter((m) => m.when === 'false').map((m) => m.command));
    const lifecycle = [COMMANDS.claimNextTask, COMMANDS.claimTask, COMMANDS.startTask, COMMANDS.completeTask, COMMANDS.releaseTask, COMMANDS.cancelTask, COMMANDS.filterTasks];
    for (const command of lifecycle) assert.ok(!hidden.has(command), `${command} is in the palette`);
    const keys = new Map((manifest.contributes.keybindings ?? []).map((k) => [k.command, k]));
    for (const command of [COMMANDS.claimNextTask, COMMANDS.startTask, COMMANDS.completeTask, COMMANDS.releaseTask, COMMANDS.filterTasks]) {
      assert.match(keys.get(command)?.key ?? '', /^ctrl\+alt\+a [a-z]$/, `${command} has a chord`);
      assert.match(keys.get(command)?.mac ?? '', /^cmd\+alt\+a [a-z]$/, `${command} has a mac chord`);
    }
    const chords = [...keys.values()].map((k) => k.key);
    assert.equal(new Set(chords).size, chords.length, 'no two commands share a chord');
    for (const k of manifest.contributes.keybindings ?? []) assert.ok(contributed.includes(k.command), k.command);
    const tasksTitle = manifest.contributes.menus['view/title']?.filter((m) => m.when === `view == ${VIEWS.tasks}`) ?? [];
    assert.equal(tasksTitle.find((m) => m.command === COMMANDS.filterTasks)?.group?.startsWith('navigation'), true, 'Filter Tasks is a title-bar button');
    assert.equal(tasksTitle.find((m) => m.command === COMMANDS.searchKnowledge)?.group?.startsWith('navigation'), false, 'knowledge search is in the overflow menu, by name');
    assert.notEqual(manifest.contributes.commands.find((c) => c.command === COMMANDS.searchKnowledge)?.icon, '$(search)');
  });

  it('welcome content and the walkthrough link to contributed commands, read context keys the extension sets, and ship their pages', () => {
    const links = (text: string): string[] => [...text.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1] ?? '');
    const texts = [...manifest.contributes.viewsWelcome.map((w) => w.contents), ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.description))];
    for (const command of texts.flatMap(links)) {
      if (command.startsWith('agentCoordinator.')) assert.ok(contributed.includes(command), `a link names unknown command ${command}`);
      else assert.match(command, /^workbench\./, `a link names ${command}`);
    }
    const keys = new Set(['agentCoordinator.connection', 'agentCoordinator.loopback', 'agentCoordinator.needsSignIn', 'agentCoordinator.startingLocalServer']);
    for (const w of manifest.contributes.viewsWelcome) for (const key of w.when?.match(/agentCoordinator\.\w+/g) ?? []) assert.ok(keys.has(key), `${w.view} welcome reads unknown context key ${key}`);
    // The offline Tasks view offers each way out only where it applies.
    const tasks = manifest.contributes.viewsWelcome.filter((w) => w.view === VIEWS.tasks);
    const offering = (command: string): string[] => tasks.filter((w) => w.contents.includes(`command:${command}`)).map((w) => w.when ?? '');
    assert.deepEqual(offering(COMMANDS.startLocalServer), ['agentCoordinator.connection == offline && agentCoordinator.loopback && !agentCoordinator.startingLocalServer']);
    assert.deepEqual(offering(COMMANDS.signIn), ['agentCoordinator.needsSignIn']);
    assert.equal(offering(COMMANDS.setServerUrl).length, 3);
    for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps)) {
      assert.ok(step.media.markdown && existsSync(new URL(`../../extension/${step.media.markdown}`, import.meta.url)), `walkthrough step ${step.id} has its page`);
    }
  });

  it('language-model tools have the names and input fields of the shared catalogue (the build regenerates them: npm run build --workspace extension)', () => {
    // Fields, not wording: a reworded description in the catalogue must not break this; a new or removed field does.
    const shape = (tools: readonly { name: string; inputSchema?: unknown }[]) =>
      tools.map((t) => {
        const schema = (t.inputSchema ?? {}) as { properties?: Record<string, unknown>; required?: string[] };
        return { name: t.name, fields: Object.keys(schema.properties ?? {}).sort(), required: [...(schema.required ?? [])].sort() };
      });
    assert.deepEqual(shape(manifest.contributes.languageModelTools), shape(languageModelTools()));
    assert.deepEqual(manifest.contributes.languageModelTools.map((t) => t.name), [...LM_TOOL_NAMES]);
  });

  it('ships a bundle only: engine ^1.101, main in dist/, no runtime dependencies, nothing but dist and docs in the .vsix', () => {
    assert.equal(manifest.engines.vscode, '^1.101.0');
    assert.match(manifest.main, /^\.\/dist\/extension\.cjs$/);
    assert.equal(manifest.dependencies, undefined, 'everything is bundled: dependencies would be shipped by vsce');
    const ignore = readFileSync(new URL('../../extension/.vscodeignore', import.meta.url), 'utf8');
    assert.match(ignore, /^\*\*$/m, 'excludes everything by default');
    assert.doesNotMatch(ignore, /^!src|^!node_modules|^!.*\.ts$/m);
    assert.match(ignore, /^!dist\/server\/\*\*$/m, 'the .vsix carries the coordinator bundle');
  });
});

/** Resolves `import ... from 'vscode'` to the stub (Node's synchronous module hooks, Node >= 22.15). */
import { registerHooks } from 'node:module';

const stub = new URL('./vscode-stub.ts', import.meta.url).href;
let installed = false;

export function installVscodeStub(): void {
  if (installed) return;
  installed = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'vscode') return { url: stub, shortCircuit: true };
      return nextResolve(specifier, context);
    },
  });
}

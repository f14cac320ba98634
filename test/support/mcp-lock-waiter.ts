/**
 * A separate process for tests that kill a waiter: an official-SDK MCP client that registers as NAME,
 * prints "registered", then waits in lock_files for PATH (wait_seconds WAIT) and prints the answer.
 * Usage: node mcp-lock-waiter.ts URL NAME PATH WAIT
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url, name, path, wait] = process.argv.slice(2);
if (url === undefined || name === undefined || path === undefined || wait === undefined) {
  process.stderr.write('usage: mcp-lock-waiter.ts URL NAME PATH WAIT\n');
  process.exit(2);
}
const client = new Client({ name, version: '0.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
await client.callTool({ name: 'register_agent', arguments: { name } });
process.stdout.write('registered\n');
const result = await client.callTool({ name: 'lock_files', arguments: { paths: [path], wait_seconds: Number(wait) } }, undefined, { timeout: 600_000 });
process.stdout.write(`${JSON.stringify(result)}\n`);
await client.close();

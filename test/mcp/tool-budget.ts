/**
 * What an agent pays for our tool definitions: the `tools/list` result as the official MCP SDK client
 * receives it, in characters and in tokens at the usual four characters a token. The budgets of issue
 * #15 and Task Master's figures to compare against live here, for the test and the bench alike.
 */
import { httpClient } from './mcp-client.ts';

/** Tokens of `tools/list` JSON an agent may pay for: the core catalogue, and every toolset. */
export const TOOL_BUDGET = { core: 2_500, all: 8_000 } as const;

/** Task Master's MCP server as measured for the issue: about 250 tokens a tool, its 7 core tools ≈ 1.7k. */
export const TASK_MASTER = { tokensPerTool: 250, coreTools: 7, coreTokens: 1_700 } as const;

export interface ListingCost {
  readonly tools: number;
  readonly chars: number;
  readonly tokens: number;
  readonly tokensPerTool: number;
}

/** Lists the tools of a fresh session on `${url}/mcp${query}` and measures the result. */
export async function listingCost(url: string, query = ''): Promise<ListingCost> {
  const mcp = await httpClient(url, 'tool-budget', {}, query).connect();
  try {
    const listing = await mcp.client.listTools();
    const chars = JSON.stringify(listing).length;
    const tokens = Math.round(chars / 4);
    return { tools: listing.tools.length, chars, tokens, tokensPerTool: Math.round(tokens / listing.tools.length) };
  } finally {
    await mcp.close();
  }
}

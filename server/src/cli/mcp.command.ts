/** `agent-coordinator mcp`: a stdio MCP bridge to a running server's /mcp endpoint (filled in by the MCP work). */
export async function mcpCommand(_args: readonly string[]): Promise<void> {
  throw new Error('mcp: not implemented yet');
}

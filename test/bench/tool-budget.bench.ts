/**
 * The tool-definition cell: what `tools/list` costs an agent on every turn, core and every toolset (and
 * core with the opt-in output schemas), beside the budget of issue #15 and Task Master's figures. Cheap:
 * one embedded server, three listings.
 */
import { startTestCoordinator } from '../support/coordinator.ts';
import { listingCost, TASK_MASTER, TOOL_BUDGET, type ListingCost } from '../mcp/tool-budget.ts';

export interface ToolBudgetResult {
  readonly core: ListingCost;
  readonly all: ListingCost;
  readonly coreWithOutputSchemas: ListingCost;
}

export async function benchToolBudget(): Promise<ToolBudgetResult> {
  const coordinator = await startTestCoordinator('pglite');
  if (!coordinator) throw new Error('the embedded server did not start');
  try {
    return {
      core: await listingCost(coordinator.url),
      all: await listingCost(coordinator.url, '?toolsets=all'),
      coreWithOutputSchemas: await listingCost(coordinator.url, '?output_schemas=1'),
    };
  } finally {
    await coordinator.close();
  }
}

/** Lines for the report: tokens are characters / 4 of the JSON the official SDK client receives. */
export function toolBudgetLines(result: ToolBudgetResult): string[] {
  const line = (what: string, cost: ListingCost, budget?: number): string =>
    `  ${what.padEnd(34)} ${String(cost.tools).padStart(3)} tools  ${String(cost.chars).padStart(7)} chars  ≈${String(cost.tokens).padStart(6)} tokens  ` +
    `≈${String(cost.tokensPerTool).padStart(4)}/tool${budget === undefined ? '' : `  (budget ${budget}${cost.tokens <= budget ? '' : ', OVER'})`}`;
  return [
    'MCP tool definitions (tools/list as the SDK client receives it; tokens = characters / 4):',
    line('/mcp (core)', result.core, TOOL_BUDGET.core),
    line('/mcp?toolsets=all', result.all, TOOL_BUDGET.all),
    line('/mcp?output_schemas=1 (core)', result.coreWithOutputSchemas),
    `  Task Master (issue #15's measure)    ${String(TASK_MASTER.coreTools).padStart(3)} tools                ≈${String(TASK_MASTER.coreTokens).padStart(6)} tokens  ≈${String(TASK_MASTER.tokensPerTool).padStart(4)}/tool`,
  ];
}

/** The query cache's keys, one per server read the pages share; live events patch or invalidate by these. */
export const KEYS = {
  whoami: ['whoami'],
  board: ['board'],
  tasks: ['tasks'],
  task: ['task'],
  agents: ['agents'],
  locks: ['locks'],
  approvals: ['approvals'],
  missions: ['missions'],
  sprints: ['sprints'],
  coverage: ['coverage'],
  policies: ['policies'],
  adapters: ['adapters'],
  runs: ['runs'],
  /** One run's log so far, `[...runOutput, run_id]`; run.output events append to it. */
  runOutput: ['run-output'],
  feed: ['feed'],
  history: ['history'],
} as const;

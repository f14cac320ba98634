/** The query cache's keys, one per server read the pages share; live events invalidate by these. */
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
  feed: ['feed'],
  history: ['history'],
} as const;

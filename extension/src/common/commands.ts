/**
 * Every command the extension contributes, by feature. The manifest's `contributes.commands` must list
 * exactly these (a unit test checks both directions), and features register them through these names.
 */
export const COMMANDS = {
  // connection
  refresh: 'agentCoordinator.refresh',
  reconnect: 'agentCoordinator.reconnect',
  showMenu: 'agentCoordinator.showMenu',
  showLog: 'agentCoordinator.showLog',
  setToken: 'agentCoordinator.setToken',
  clearToken: 'agentCoordinator.clearToken',
  signIn: 'agentCoordinator.signIn',
  signOut: 'agentCoordinator.signOut',
  startLocalServer: 'agentCoordinator.startLocalServer',
  setServerUrl: 'agentCoordinator.setServerUrl',
  // tasks tree
  createTask: 'agentCoordinator.createTask',
  openTask: 'agentCoordinator.openTask',
  claimTask: 'agentCoordinator.claimTask',
  claimNextTask: 'agentCoordinator.claimNextTask',
  filterTasks: 'agentCoordinator.filterTasks',
  startTask: 'agentCoordinator.startTask',
  completeTask: 'agentCoordinator.completeTask',
  releaseTask: 'agentCoordinator.releaseTask',
  cancelTask: 'agentCoordinator.cancelTask',
  // file locks (explorer and editor)
  lockFile: 'agentCoordinator.lockFile',
  unlockFile: 'agentCoordinator.unlockFile',
  whoHolds: 'agentCoordinator.whoHolds',
  // a file another principal holds (the read-only editor's actions)
  askToRelease: 'agentCoordinator.askToRelease',
  notifyWhenFree: 'agentCoordinator.notifyWhenFree',
  editAnyway: 'agentCoordinator.editAnyway',
  heldFileActions: 'agentCoordinator.heldFileActions',
  // board (the web dashboard's)
  openBoard: 'agentCoordinator.openBoard',
  openDashboard: 'agentCoordinator.openDashboard',
  // runs (agents view)
  runTaskWith: 'agentCoordinator.runTaskWith',
  cancelRun: 'agentCoordinator.cancelRun',
  checkAdapters: 'agentCoordinator.checkAdapters',
  // locks view
  releaseLock: 'agentCoordinator.releaseLock',
  forceReleaseLock: 'agentCoordinator.forceReleaseLock',
  // claude code
  connectClaudeCode: 'agentCoordinator.connectClaudeCode',
  // missions view
  createMission: 'agentCoordinator.createMission',
  createSprint: 'agentCoordinator.createSprint',
  setPlanStatus: 'agentCoordinator.setPlanStatus',
  planTask: 'agentCoordinator.planTask',
  // traceability view
  createObjective: 'agentCoordinator.createObjective',
  addKeyResult: 'agentCoordinator.addKeyResult',
  updateKeyResult: 'agentCoordinator.updateKeyResult',
  addRequirement: 'agentCoordinator.addRequirement',
  linkTask: 'agentCoordinator.linkTask',
  unlinkTask: 'agentCoordinator.unlinkTask',
  // approvals view
  approveRequest: 'agentCoordinator.approveRequest',
  rejectRequest: 'agentCoordinator.rejectRequest',
  // knowledge
  searchKnowledge: 'agentCoordinator.searchKnowledge',
  addKnowledge: 'agentCoordinator.addKnowledge',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const VIEWS = {
  tasks: 'agentCoordinator.tasks',
  agents: 'agentCoordinator.agents',
  locks: 'agentCoordinator.locks',
  missions: 'agentCoordinator.missions',
  traceability: 'agentCoordinator.traceability',
  approvals: 'agentCoordinator.approvals',
} as const;

export const MCP_PROVIDER_ID = 'agentCoordinator.mcp';
/** Secret-storage key of the token; one entry per server is `agentCoordinator.token:<serverUrl>` (sign-in.ts). */
export const TOKEN_SECRET_KEY = 'agentCoordinator.token';
export const CONFIG_SECTION = 'agentCoordinator';

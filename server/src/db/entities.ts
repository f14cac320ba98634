/**
 * Every table, as a MikroORM entity defined beside its module: the one schema. The ORM is initialised
 * with this list (database.ts); `DB` is the table map the typed statements are checked against
 * (typed-sql.ts), inferred from the entities, so a wrong table or column name fails `tsc`.
 *
 * m001..m008 stay the baseline. From here on a schema change is made to the entities first, and its
 * migration generated from them (`npm run migration:create --workspace server -- <name>`, migration-writer.ts);
 * test/server/schema-drift.test.ts fails when the migrated schema and the entities disagree.
 */
import type { InferKyselyDB } from '@mikro-orm/sql';
import { Agent } from '../modules/agent/agent.entity.ts';
import { Account, Project, ProjectMember, RateLimitWindow } from '../modules/auth/account.entity.ts';
import { Credential } from '../modules/auth/credential.entity.ts';
import { Task, TaskDependency } from '../modules/task/task.entity.ts';
import { FileLock } from '../modules/lock/file-lock.entity.ts';
import { LockHistory, RepositoryIdentity } from '../modules/guard/guard.entity.ts';
import { FileBase, FileWrite } from '../modules/file-state/file-state.entity.ts';
import { EventCursor, EventOutbox, EventRow } from '../events/event.entity.ts';
import { Mission, MissionPrincipal } from '../modules/mission/mission.entity.ts';
import { Sprint } from '../modules/sprint/sprint.entity.ts';
import { KeyResult, Objective, Requirement, RequirementTask } from '../modules/planning/planning.entity.ts';
import { PolicyAudit, PolicyRow } from '../modules/policy/policy.entity.ts';
import { Approval } from '../modules/approval/approval.entity.ts';
import { KnowledgeEntry, KnowledgeReembedJob } from '../modules/knowledge/knowledge.entity.ts';
import { Run } from '../modules/adapter/run.entity.ts';
import { LockFreeInterest } from '../modules/lock/lock-free-interest.entity.ts';
import { MessageEntity, NotificationEntity } from '../modules/inbox/inbox.entity.ts';

export const ENTITIES = [
  Project,
  Account,
  ProjectMember,
  RateLimitWindow,
  Credential,
  Agent,
  Task,
  TaskDependency,
  FileLock,
  LockHistory,
  FileBase,
  FileWrite,
  RepositoryIdentity,
  EventRow,
  EventCursor,
  EventOutbox,
  Mission,
  MissionPrincipal,
  Sprint,
  Objective,
  KeyResult,
  Requirement,
  RequirementTask,
  PolicyRow,
  PolicyAudit,
  Approval,
  KnowledgeEntry,
  KnowledgeReembedJob,
  Run,
  LockFreeInterest,
  NotificationEntity,
  MessageEntity,
] as const;

/** The tables and their columns as the typed statements see them (values as the column types read them). */
export type DB = InferKyselyDB<(typeof ENTITIES)[number]>;

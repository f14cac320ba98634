/** tRPC procedures for knowledge entries and search (what the extension's search box calls). */
import type { AddKnowledgeInput, KnowledgeIdInput, ListKnowledgeInput, SearchKnowledgeInput, UpdateKnowledgeInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const knowledgeRouter = router({
  add: procedure.input(typed<AddKnowledgeInput>()).mutation(({ ctx, input }) => ctx.services.knowledge.add(ctx.actor, input)),
  update: procedure.input(typed<UpdateKnowledgeInput>()).mutation(({ ctx, input }) => ctx.services.knowledge.update(ctx.actor, input)),
  remove: procedure.input(typed<KnowledgeIdInput>()).mutation(({ ctx, input }) => ctx.services.knowledge.remove(ctx.actor, input)),
  get: procedure.input(typed<KnowledgeIdInput>()).query(({ ctx, input }) => ctx.services.knowledge.get(ctx.actor, input)),
  list: procedure.input(typed<ListKnowledgeInput | undefined>()).query(({ ctx, input }) => ctx.services.knowledge.list(ctx.actor, input ?? {})),
  search: procedure.input(typed<SearchKnowledgeInput>()).query(({ ctx, input }) => ctx.services.knowledge.search(ctx.actor, input)),
  status: procedure.query(({ ctx }) => ctx.services.knowledge.status()),
});

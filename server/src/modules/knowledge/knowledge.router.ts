/** tRPC procedures for knowledge entries and search (what the extension's search box calls). */
import { AddKnowledgeInputSchema, KnowledgeIdInputSchema, ListKnowledgeInputSchema, SearchKnowledgeInputSchema, UpdateKnowledgeInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const knowledgeRouter = router({
  add_knowledge: procedure.input(parsed('add_knowledge', AddKnowledgeInputSchema)).mutation(({ ctx, input }) => ctx.services.knowledge.add(ctx.actor, input)),
  update_knowledge: procedure.input(parsed('update_knowledge', UpdateKnowledgeInputSchema)).mutation(({ ctx, input }) => ctx.services.knowledge.update(ctx.actor, input)),
  delete_knowledge: procedure.input(parsed('delete_knowledge', KnowledgeIdInputSchema)).mutation(({ ctx, input }) => ctx.services.knowledge.remove(ctx.actor, input)),
  get_knowledge: procedure.input(parsed('get_knowledge', KnowledgeIdInputSchema)).query(({ ctx, input }) => ctx.services.knowledge.get(ctx.actor, input)),
  list_knowledge: procedure.input(parsedOrEmpty('list_knowledge', ListKnowledgeInputSchema)).query(({ ctx, input }) => ctx.services.knowledge.list(ctx.actor, input)),
  search_knowledge: procedure.input(parsed('search_knowledge', SearchKnowledgeInputSchema)).query(({ ctx, input }) => ctx.services.knowledge.search(ctx.actor, input)),
  get_knowledge_status: procedure.query(({ ctx }) => ctx.services.knowledge.status()),
});

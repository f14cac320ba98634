/** tRPC procedures for knowledge entries and search (what the extension's search box calls). */
import { AddKnowledgeInputSchema, KnowledgeIdInputSchema, ListKnowledgeInputSchema, SearchKnowledgeInputSchema, UpdateKnowledgeInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const knowledgeRouter = router({
  add_knowledge: procedure.input(parsed('add_knowledge', AddKnowledgeInputSchema)).mutation(({ ctx, input }) => ctx.services.knowledge.addKnowledge(ctx.actor, input)),
  update_knowledge: procedure.input(parsed('update_knowledge', UpdateKnowledgeInputSchema)).mutation(({ ctx, input }) => ctx.services.knowledge.updateKnowledge(ctx.actor, input)),
  delete_knowledge: procedure.input(parsed('delete_knowledge', KnowledgeIdInputSchema)).mutation(({ ctx, input }) => ctx.services.knowledge.deleteKnowledge(ctx.actor, input)),
  get_knowledge: procedure.input(parsed('get_knowledge', KnowledgeIdInputSchema)).query(({ ctx, input }) => ctx.services.knowledge.getKnowledge(ctx.actor, input)),
  list_knowledge: procedure.input(parsedOrEmpty('list_knowledge', ListKnowledgeInputSchema)).query(({ ctx, input }) => ctx.services.knowledge.listKnowledge(ctx.actor, input)),
  search_knowledge: procedure.input(parsed('search_knowledge', SearchKnowledgeInputSchema)).query(({ ctx, input }) => ctx.services.knowledge.searchKnowledge(ctx.actor, input)),
  get_knowledge_status: procedure.query(({ ctx }) => ctx.services.knowledge.getKnowledgeStatus()),
});

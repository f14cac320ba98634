/**
 * Who is calling. Until accounts exist every caller is the single local principal; agents are named
 * within a principal, so the same name from the same principal is the same agent.
 */
export interface Actor {
  readonly principal: string;
}

export const LOCAL_PRINCIPAL = 'local';
export const localActor: Actor = { principal: LOCAL_PRINCIPAL };

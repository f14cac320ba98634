/** The signed-in connection, handed to every page. */
import { createContext, useContext } from 'react';
import type { Client } from './trpc-client.ts';

export const ClientContext = createContext<Client | null>(null);

export function useClient(): Client {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside the signed-in app');
  return client;
}

import { createContext, useContext } from 'react';
import type { StationClient } from './ipc/client.ts';

export const ClientContext = createContext<StationClient | null>(null);

export function useClient(): StationClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientContext');
  return client;
}

/** React bindings: one store + session per window, provided through context. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Editor, EditorStore } from './store';
import type { Session } from './session';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export function useEditorStore(): EditorStore {
  return useSession().store;
}

export function useEditor<T>(selector: (s: Editor) => T): T {
  return useStore(useEditorStore(), selector);
}

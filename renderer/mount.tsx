/** Builds the store and session on the chosen host and mounts the app (imported lazily by main.tsx). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { selectHost } from './host/select';
import { SessionProvider } from './state/context';
import { Session } from './state/session';
import { createEditorStore } from './state/store';

export async function mount(container: HTMLElement): Promise<void> {
  const host = await selectHost();
  const store = createEditorStore();
  const session = new Session(store, host);
  const recovery = await session.start();
  (window as unknown as { __netwright?: unknown }).__netwright = { store, session };
  createRoot(container).render(
    <StrictMode>
      <SessionProvider session={session}>
        <App initialRecovery={recovery} />
      </SessionProvider>
    </StrictMode>,
  );
}

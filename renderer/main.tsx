/** Renderer entry: choose the host, build the store on the default document (LeNet-5 + MNIST), mount. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './App';
import { selectHost } from './host/select';
import { SessionProvider } from './state/context';
import { Session } from './state/session';
import { createEditorStore } from './state/store';

async function boot() {
  const root = createRoot(document.getElementById('root')!);
  try {
    const host = await selectHost();
    const store = createEditorStore();
    const session = new Session(store, host);
    const recovery = await session.start();
    (window as unknown as { __netwright?: unknown }).__netwright = { store, session };
    root.render(
      <StrictMode>
        <SessionProvider session={session}>
          <App initialRecovery={recovery} />
        </SessionProvider>
      </StrictMode>,
    );
  } catch (e) {
    root.render(
      <div className="nw-fatal" data-testid="fatal">
        <h1>Netwright could not start</h1>
        <p>{e instanceof Error ? e.message : String(e)}</p>
      </div>,
    );
  }
}

void boot();

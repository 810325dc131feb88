/**
 * Renderer entry: choose the host, build the store on the default document (LeNet-5 + MNIST), mount.
 * The app is imported dynamically so that even an error while loading a module is shown in the window
 * instead of a blank page.
 */
import '@xyflow/react/dist/style.css';
import './styles.css';

function showFatal(e: unknown) {
  const root = document.getElementById('root')!;
  root.innerHTML = '';
  const box = document.createElement('div');
  box.className = 'nw-fatal';
  box.dataset.testid = 'fatal';
  const h = document.createElement('h1');
  h.textContent = 'Netwright could not start';
  const p = document.createElement('pre');
  p.textContent = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  box.append(h, p);
  root.append(box);
}

async function boot() {
  const { mount } = await import('./mount');
  await mount(document.getElementById('root')!);
}

boot().catch(showFatal);

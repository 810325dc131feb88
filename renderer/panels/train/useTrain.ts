/** React access to the window's training store (one per host), created on first use. */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { Host } from '../../../shared/contract/host';
import type { EditorStore } from '../../state/store';
import { useSession } from '../../state/context';
import { isActive, projectName } from './model';
import { createTrainStore, type TrainStore, type TrainStoreState } from './runStore';

const stores = new WeakMap<Host, TrainStore>();

/** The training store of this host (created on first call; it reattaches to a run still in progress). */
export function trainStoreFor(host: Host, editor: EditorStore): TrainStore {
  let store = stores.get(host);
  if (!store) {
    store = createTrainStore(host, { project: () => projectName(editor.getState()) });
    stores.set(host, store);
  }
  return store;
}

export function useTrainStore<T>(selector: (s: TrainStoreState) => T): T {
  const { host, store: editor } = useSession();
  return useStore(trainStoreFor(host, editor), selector);
}

/** Closing or reloading the page while a run is active asks first (the run itself keeps going on the host). */
export function useLeaveGuard(): void {
  const active = useTrainStore((s) => isActive(s.run.phase));
  useEffect(() => {
    if (!active) return;
    const onLeave = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [active]);
}

/**
 * Electron main process: one window on the bundled renderer (served from app://netwright), the Host
 * contract over IPC (electron/ipc.ts → main/server/services.ts), native menus, file association and
 * single instance, and the unsaved-changes prompt. Security rules live in electron/policy.ts.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, screen, session, shell, type WebContents } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentState, MenuCommandString } from '../shared/contract/host';
import type { HostEvent } from '../shared/contract/rpc';
import { createNodeServices, type NodeServices } from '../main/server/services';
import { defaultCapabilities } from '../main/server/wiring';
import { EVENT_CHANNEL } from './channels';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import {
  APP_ENTRY,
  APP_HOST,
  APP_SCHEME,
  appUrlToRelativePath,
  externalAllowed,
  navigationAllowed,
  windowOptions,
  withCsp,
} from './policy';
import { electronTrainingLauncher } from './training';
import { MODEL_FILE_FILTERS } from './model-dialog';
import { datasetKindChoice, datasetKindPrompt, datasetOpenOptions, datasetPathFromPick, datasetPickKind } from './dataset-dialog';
import {
  closeChoice,
  closePrompt,
  closeStep,
  projectPathFromArgv,
  readBoundsFile,
  restoreBounds,
  trainingCloseChoice,
  trainingClosePrompt,
  writeBoundsFile,
} from './window-state';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void run();
}

async function run(): Promise<void> {
  const rendererDir = path.join(app.getAppPath(), 'dist', 'renderer');
  const preload = path.join(__dirname, 'preload.cjs');
  const boundsFile = path.join(app.getPath('userData'), 'window-state.json');
  let win: BrowserWindow | null = null;
  let docState: DocumentState = { title: 'Untitled', dirty: false };
  let forceClose = false;
  let closeAfterSave = false;
  // The user already agreed to stop training in this close attempt (the save prompt may follow).
  let trainingConfirmed = false;
  let pendingOpen: string | null = projectPathFromArgv(process.argv, process.cwd());

  const emit = (event: HostEvent) => {
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
  };
  const sendCommand = (command: MenuCommandString) => emit({ event: 'menuCommand', payload: { command } });

  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFromOs(file);
  });
  app.on('second-instance', (_e, argv, cwd) => {
    const file = projectPathFromArgv(argv, cwd);
    if (file) openFromOs(file);
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  // Hardening for every web contents, including any a bug might create.
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!navigationAllowed(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!navigationAllowed(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (externalAllowed(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  await app.whenReady();

  protocol.handle(APP_SCHEME, (request) => {
    const rel = new URL(request.url).host === APP_HOST ? appUrlToRelativePath(request.url) : null;
    if (!rel) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(path.join(rendererDir, rel)).toString());
  });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const capabilities = await defaultCapabilities();
  const services: NodeServices = createNodeServices({
    workspace: path.join(app.getPath('documents'), 'Netwright'),
    stateDir: app.getPath('userData'),
    roots: [app.getPath('home')],
    emit,
    ...capabilities,
    training: electronTrainingLauncher(capabilities.training),
    dialogs: {
      async chooseOpen() {
        const r = await dialog.showOpenDialog(win ?? BrowserWindow.getFocusedWindow()!, {
          properties: ['openFile'],
          filters: [{ name: 'Netwright project', extensions: ['json'] }],
        });
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      async chooseSave(suggested) {
        const r = await dialog.showSaveDialog(win ?? BrowserWindow.getFocusedWindow()!, {
          defaultPath: path.join(app.getPath('documents'), 'Netwright', suggested),
          filters: [{ name: 'Netwright project', extensions: ['json'] }],
        });
        return r.canceled || !r.filePath ? null : r.filePath;
      },
      async chooseModelFile() {
        const r = await dialog.showOpenDialog(win ?? BrowserWindow.getFocusedWindow()!, {
          title: 'Import a model',
          properties: ['openFile'],
          filters: MODEL_FILE_FILTERS,
        });
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      async chooseDataset() {
        const parent = win ?? BrowserWindow.getFocusedWindow()!;
        let kind = datasetPickKind(process.platform);
        if (kind === 'ask') {
          const k = datasetKindChoice(dialog.showMessageBoxSync(parent, { type: 'question', ...datasetKindPrompt() }));
          if (!k) return null;
          kind = k;
        }
        const r = await dialog.showOpenDialog(parent, datasetOpenOptions(kind, path.join(app.getPath('documents'), 'Netwright', 'datasets')));
        const picked = r.canceled ? undefined : r.filePaths[0];
        if (!picked) return null;
        return datasetPathFromPick(picked, fs.statSync(picked).isFile());
      },
    },
    onDocumentState(state) {
      docState = state;
      win?.setTitle(`${state.dirty ? '• ' : ''}${state.title} — Netwright`);
      win?.setDocumentEdited(state.dirty);
      void refreshMenu();
      if (closeAfterSave && !state.dirty) {
        closeAfterSave = false;
        win?.close();
      }
    },
    async openExternal(url) {
      if (!externalAllowed(url)) throw new Error(`Links to ${url} are not on the app's allow-list.`);
      await shell.openExternal(url);
    },
  });
  registerIpc(ipcMain, services);

  async function refreshMenu() {
    const recent = await services.recentProjects().catch(() => []);
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ platform: process.platform, appName: app.name, recent, send: sendCommand })));
  }
  await refreshMenu();

  function openFromOs(file: string) {
    const allowed = services.allowPath(file);
    if (win && !win.webContents.isLoading()) sendCommand(`openRecent:${allowed}`);
    else pendingOpen = allowed;
  }

  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const saved = readBoundsFile(boundsFile) as { maximized?: boolean } | null;
  const dark = (await services.getSetting('theme').catch(() => null)) === 'dark';
  win = new BrowserWindow(
    windowOptions({ preload, bounds: restoreBounds(saved, workAreas), dark, icon: path.join(app.getAppPath(), 'assets', 'icon.png') }),
  );
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win?.show());
  win.webContents.on('did-finish-load', () => {
    if (pendingOpen) {
      services.allowPath(pendingOpen);
      sendCommand(`openRecent:${pendingOpen}`);
      pendingOpen = null;
    }
  });
  win.on('close', (event) => {
    if (!win) return;
    writeBoundsFile(boundsFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
    let step = closeStep({ dirty: docState.dirty, runningRuns: services.runs.size, trainingConfirmed, forced: forceClose });
    if (step === 'confirm-training') {
      if (trainingCloseChoice(dialog.showMessageBoxSync(win, { type: 'warning', ...trainingClosePrompt(services.runs.size) })) === 'cancel') {
        event.preventDefault();
        return;
      }
      // Runs stop when the last window closes (services.dispose); the unsaved-changes question comes next.
      trainingConfirmed = true;
      step = closeStep({ dirty: docState.dirty, runningRuns: services.runs.size, trainingConfirmed, forced: forceClose });
    }
    if (step === 'close') return;
    event.preventDefault();
    const p = closePrompt(docState.title);
    const choice = closeChoice(dialog.showMessageBoxSync(win, { type: 'warning', ...p }));
    if (choice === 'cancel') trainingConfirmed = false;
    if (choice === 'discard') {
      forceClose = true;
      win.close();
    } else if (choice === 'save') {
      // The renderer saves (maybe via Save As); it reports dirty=false through setDocumentState, then we close.
      closeAfterSave = true;
      sendCommand('save');
    }
  });
  win.on('closed', () => {
    win = null;
  });
  app.on('window-all-closed', () => {
    void services.dispose().finally(() => app.quit());
  });
  await win.loadURL(APP_ENTRY);
}

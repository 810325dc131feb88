/**
 * The Host contract on the wire: one table of methods with zod schemas for arguments (a positional tuple,
 * exactly the Host method's parameters) and results, the wire messages, and one generic dispatcher used
 * by the browser-mode server (WebSocket) and the Electron IPC handlers alike. Servers validate arguments,
 * clients validate results.
 */
import { z } from 'zod';
import type { DatasetInfo } from './datasets';
import { HOST_CALLS, type Host, type HostCall, type ProjectFileRef } from './host';
import {
  activeRunSchema,
  datasetSamplesRequestSchema,
  engineInfoSchema,
  layerInspectionRequestSchema,
  layerInspectionSchema,
  runDetailSchema,
  runSummarySchema,
  sampleImageSchema,
} from './runs';

/** Largest project text / message accepted (ResNet-152 projects are ~1–2 MB; leave generous headroom). */
export const MAX_TEXT_CHARS = 48 * 1024 * 1024;
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

const text = z.string().max(MAX_TEXT_CHARS);
const pathString = z.string().min(1).max(4096).refine((s) => !s.includes('\0'), 'path contains a NUL byte');

export const projectFileRefSchema = z.object({ path: pathString, name: z.string().max(1024) });
export const datasetInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['image', 'tabular']),
  inputShape: z.array(z.number().int().nonnegative()),
  classNames: z.array(z.string()),
  split: z.object({ train: z.number(), val: z.number(), test: z.number() }),
  classCounts: z.array(z.number()),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
});
export const documentStateSchema = z.object({ title: z.string().max(1024), dirty: z.boolean() });
export const trainingActionSchema = z.enum(['pause', 'resume', 'stop']);
export const exportRequestSchema = z.object({
  format: z.string().min(1).max(64),
  projectText: text,
  runDir: pathString.optional(),
});
export const importModelRequestSchema = z
  .object({
    path: pathString.optional(),
    name: z.string().max(1024).optional(),
    // Base64 of the file's bytes (browser file input); same cap as project text.
    bytesBase64: z.string().max(MAX_TEXT_CHARS).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'bytesBase64 is not base64').optional(),
    allowPartial: z.boolean(),
  })
  .refine((r) => (r.path === undefined) !== (r.bytesBase64 === undefined), 'give exactly one of path or bytesBase64');
export const importModelResultSchema = z.object({
  projectText: text,
  warnings: z.array(z.string()),
  unsupported: z.array(z.object({ name: z.string(), op: z.string(), reason: z.string() })),
});
export const settingKeySchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.-]+$/, 'setting keys use letters, digits, _ . - only');

/** JSON has no `undefined`: a void result travels as null (or is absent) and reads back as undefined. */
const voidResult = z.union([z.null(), z.undefined()]).transform((): void => undefined);

export const hostMethods = {
  openProject: {
    args: z.tuple([pathString.optional()]),
    result: z.object({ ref: projectFileRefSchema, text }).nullable(),
  },
  saveProject: { args: z.tuple([projectFileRefSchema.nullable(), text]), result: projectFileRefSchema.nullable() },
  recentProjects: { args: z.tuple([]), result: z.array(projectFileRefSchema) },
  listProjectFiles: { args: z.tuple([]), result: z.array(projectFileRefSchema) },
  writeAutosave: { args: z.tuple([text]), result: voidResult },
  readAutosave: { args: z.tuple([]), result: text.nullable() },
  clearAutosave: { args: z.tuple([]), result: voidResult },
  listDatasets: { args: z.tuple([]), result: z.array(datasetInfoSchema) },
  inspectDataset: {
    args: z.tuple([z.string().min(1).max(4096)]),
    result: z.object({ info: datasetInfoSchema, preview: z.array(sampleImageSchema) }),
  },
  datasetSamples: { args: z.tuple([datasetSamplesRequestSchema]), result: z.array(sampleImageSchema) },
  chooseDataset: { args: z.tuple([]), result: pathString.nullable() },
  detectEngines: { args: z.tuple([]), result: z.array(engineInfoSchema) },
  // The training config is validated by the engine against shared/contract/training.ts.
  startTraining: { args: z.tuple([z.unknown()]), result: z.object({ runId: z.string().min(1) }) },
  controlTraining: { args: z.tuple([z.string().min(1).max(256), trainingActionSchema]), result: voidResult },
  activeRuns: { args: z.tuple([]), result: z.array(activeRunSchema) },
  listRuns: { args: z.tuple([z.string().max(200).nullable()]), result: z.array(runSummarySchema) },
  readRun: { args: z.tuple([pathString]), result: runDetailSchema },
  deleteRun: { args: z.tuple([pathString]), result: voidResult },
  inspectLayer: { args: z.tuple([layerInspectionRequestSchema]), result: layerInspectionSchema },
  exportModel: { args: z.tuple([exportRequestSchema]), result: z.object({ path: z.string() }).nullable() },
  importModel: { args: z.tuple([importModelRequestSchema]), result: importModelResultSchema },
  chooseModelFile: { args: z.tuple([]), result: pathString.nullable() },
  getSetting: { args: z.tuple([settingKeySchema]), result: z.unknown() },
  setSetting: { args: z.tuple([settingKeySchema, z.unknown()]), result: voidResult },
  setDocumentState: { args: z.tuple([documentStateSchema]), result: voidResult },
  openExternal: { args: z.tuple([z.string().url().max(2048)]), result: voidResult },
} as const;

export type HostMethodName = keyof typeof hostMethods;
export const HOST_METHOD_NAMES: readonly HostMethodName[] = HOST_CALLS;
// The plain list in host.ts and this table name the same methods.
const _sameNames: [HostCall, HostMethodName] extends [HostMethodName, HostCall] ? true : false = true;
void _sameNames;
export type HostMethodArgs<M extends HostMethodName> = z.output<(typeof hostMethods)[M]['args']>;
export type HostMethodResult<M extends HostMethodName> = z.output<(typeof hostMethods)[M]['result']>;

export function isHostMethod(name: unknown): name is HostMethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(hostMethods, name);
}

/** What a host's back end (Node services, Electron main) implements: every method, args already validated. */
type ImplResult<M extends HostMethodName> = HostMethodResult<M> extends void ? void : z.input<(typeof hostMethods)[M]['result']>;
export type HostServiceImpl = {
  [M in HostMethodName]: (...args: HostMethodArgs<M>) => Promise<ImplResult<M>>;
};

// Compile-time check that the table matches the Host interface (parameters and results).
type HostFn<M extends HostMethodName> = NonNullable<Host[M]>;
type _ArgsMatch = { [M in HostMethodName]: Parameters<HostFn<M>> extends HostMethodArgs<M> ? true : M };
type _ResultsMatch = {
  [M in HostMethodName]: HostMethodResult<M> extends Awaited<ReturnType<HostFn<M>>> ? true : M;
};
type Mismatches<T> = Exclude<T[keyof T], true>;
const _argsOk: [Mismatches<_ArgsMatch>] extends [never] ? true : Mismatches<_ArgsMatch> = true;
const _resultsOk: [Mismatches<_ResultsMatch>] extends [never] ? true : Mismatches<_ResultsMatch> = true;
void _argsOk;
void _resultsOk;
const _datasetOk: z.output<typeof datasetInfoSchema> extends DatasetInfo ? true : false = true;
const _refOk: z.output<typeof projectFileRefSchema> extends ProjectFileRef ? true : false = true;
void _datasetOk;
void _refOk;

// ---- Wire messages ----------------------------------------------------------------------------------------

export const ERROR_CODES = ['BAD_REQUEST', 'UNKNOWN_METHOD', 'BAD_ARGS', 'FORBIDDEN', 'NOT_AVAILABLE', 'FAILED'] as const;
export type RpcErrorCode = (typeof ERROR_CODES)[number];
export const rpcErrorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });
export type RpcErrorData = z.output<typeof rpcErrorSchema>;

export const requestSchema = z.object({
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  args: z.array(z.unknown()).max(8),
});
export const responseSchema = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.unknown().optional() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: rpcErrorSchema }),
]);
export const trainingEventSchema = z.object({
  event: z.literal('trainingMessage'),
  payload: z.object({ runId: z.string(), message: z.unknown() }),
});
export const menuEventSchema = z.object({ event: z.literal('menuCommand'), payload: z.object({ command: z.string() }) });
export const eventSchema = z.discriminatedUnion('event', [trainingEventSchema, menuEventSchema]);
export const serverMessageSchema = z.union([responseSchema, eventSchema]);

export type RpcRequest = z.output<typeof requestSchema>;
export type RpcResponse = z.output<typeof responseSchema>;
export type HostEvent = z.output<typeof eventSchema>;
export type ServerMessage = z.output<typeof serverMessageSchema>;

/** An error a service throws on purpose, carrying a wire code (anything else becomes FAILED). */
export class RpcError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** Turns a zod error into one line naming the argument position and the problem. */
export function describeIssues(error: z.ZodError, what: string): string {
  return error.issues
    .map((i) => `${what}${i.path.length ? `[${i.path.map(String).join('.')}]` : ''}: ${i.message}`)
    .join('; ');
}

/**
 * Validates and runs one call. Never throws: the outcome is the response body (without the id).
 * Used by the WebSocket server and by every Electron ipcMain handler so both enforce the same contract.
 */
export async function dispatchCall(
  impl: HostServiceImpl,
  method: unknown,
  args: unknown,
): Promise<{ ok: true; result: unknown } | { ok: false; error: RpcErrorData }> {
  if (!isHostMethod(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown host method '${String(method)}'.` } };
  }
  const parsed = hostMethods[method].args.safeParse(args);
  if (!parsed.success) {
    return { ok: false, error: { code: 'BAD_ARGS', message: `${method}: ${describeIssues(parsed.error, 'args')}` } };
  }
  try {
    const fn = impl[method] as (...a: unknown[]) => Promise<unknown>;
    const result = await fn(...(parsed.data as unknown[]));
    // undefined is not JSON; send null for void results.
    return { ok: true, result: result === undefined ? null : result };
  } catch (e) {
    if (e instanceof RpcError) return { ok: false, error: { code: e.code, message: e.message } };
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: 'FAILED', message: `${method} failed: ${message}` } };
  }
}

/** Client side: checks a result against the table; throws a clear error if the host sent something else. */
export function parseResult<M extends HostMethodName>(method: M, result: unknown): HostMethodResult<M> {
  const parsed = hostMethods[method].result.safeParse(result);
  if (!parsed.success) {
    throw new RpcError('BAD_REQUEST', `Host returned an invalid result for ${method}: ${describeIssues(parsed.error, 'result')}`);
  }
  return parsed.data as HostMethodResult<M>;
}

/** A client's typed transport for one Host call (WebSocket in browser mode, IPC on the desktop). */
export type HostCallFn = <M extends HostMethodName>(method: M, ...args: HostMethodArgs<M>) => Promise<HostMethodResult<M>>;

/** Calls only the desktop host offers (native dialogs); the Electron client adds them to its forwarded calls. */
export function desktopHostCalls(call: HostCallFn) {
  return {
    chooseModelFile: () => call('chooseModelFile'),
    chooseDataset: () => call('chooseDataset'),
  };
}

/** The Host calls every client forwards unchanged over its transport; hosts add the ones they handle locally. */
export function forwardedHostCalls(call: HostCallFn) {
  return {
    recentProjects: () => call('recentProjects'),
    listProjectFiles: () => call('listProjectFiles'),
    writeAutosave: (text: string) => call('writeAutosave', text),
    readAutosave: () => call('readAutosave'),
    clearAutosave: () => call('clearAutosave'),
    listDatasets: () => call('listDatasets'),
    inspectDataset: (id: string) => call('inspectDataset', id),
    datasetSamples: (request: HostMethodArgs<'datasetSamples'>[0]) => call('datasetSamples', request),
    detectEngines: () => call('detectEngines'),
    activeRuns: () => call('activeRuns'),
    listRuns: (project: string | null) => call('listRuns', project),
    readRun: (dir: string) => call('readRun', dir),
    deleteRun: (dir: string) => call('deleteRun', dir),
    inspectLayer: (request: HostMethodArgs<'inspectLayer'>[0]) => call('inspectLayer', request),
    startTraining: (config: unknown) => call('startTraining', config),
    controlTraining: (runId: string, action: 'pause' | 'resume' | 'stop') => call('controlTraining', runId, action),
    exportModel: (request: HostMethodArgs<'exportModel'>[0]) => call('exportModel', request),
    importModel: (request: HostMethodArgs<'importModel'>[0]) => call('importModel', request),
    getSetting: (key: string) => call('getSetting', key),
    setSetting: (key: string, value: unknown) => call('setSetting', key, value),
    setDocumentState: (state: HostMethodArgs<'setDocumentState'>[0]) => call('setDocumentState', state),
  };
}

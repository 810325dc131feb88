/**
 * Training settings: the everyday ones in one row, the rest (schedule, regularisation, early stopping,
 * augmentation, engine and device) in a collapsible "More settings" section.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { EngineInfo } from '../../../shared/contract/runs';
import { useSession } from '../../state/context';
import type { TrainSettings } from './model';

interface FieldProps {
  label: string;
  value: number;
  onChange: (v: number) => void;
  step?: number;
  min?: number;
  max?: number;
  testId: string;
  disabled: boolean;
  title?: string;
}

export function NumField({ label, value, onChange, step, min, max, testId, disabled, title }: FieldProps) {
  return (
    <label className="nw-train-field" title={title}>
      {label}
      <input
        type="number"
        data-testid={testId}
        value={value}
        step={step ?? 1}
        min={min}
        max={max}
        disabled={disabled}
        onChange={(e) => {
          const v = e.target.valueAsNumber;
          if (Number.isFinite(v) && (min === undefined || v >= min) && (max === undefined || v <= max)) onChange(v);
        }}
      />
    </label>
  );
}

function Select<T extends string>({ label, value, options, onChange, testId, disabled }: { label: string; value: T; options: [T, string][]; onChange: (v: T) => void; testId: string; disabled: boolean }) {
  return (
    <label className="nw-train-field">
      {label}
      <select data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="nw-train-group">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

/** The host's engines, detected once per window (PyTorch detection runs a Python; not worth repeating). */
let enginesPromise: { host: unknown; p: Promise<EngineInfo[]> } | null = null;
function useEngines(): { engines: EngineInfo[] | null; error: string | null } {
  const { host } = useSession();
  const [state, setState] = useState<{ engines: EngineInfo[] | null; error: string | null }>({ engines: null, error: null });
  useEffect(() => {
    if (enginesPromise?.host !== host) enginesPromise = { host, p: host.detectEngines() };
    let live = true;
    enginesPromise.p.then(
      (engines) => live && setState({ engines, error: null }),
      (e: unknown) => live && setState({ engines: [], error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [host]);
  return state;
}

const ENGINE_NAMES = { builtin: 'Built-in (TF.js)', pytorch: 'PyTorch' } as const;

export function EngineSettings({ settings, set, disabled }: { settings: TrainSettings; set: (p: Partial<TrainSettings>) => void; disabled: boolean }) {
  const { engines, error } = useEngines();
  const engine = engines?.find((e) => e.id === settings.engine);
  const devices = engine?.devices ?? [];
  return (
    <Group title="Engine">
      <label className="nw-train-field">
        Engine
        <select data-testid="train-engine" value={settings.engine} disabled={disabled} onChange={(e) => set({ engine: e.target.value as TrainSettings['engine'] })}>
          {(['builtin', 'pytorch'] as const).map((id) => {
            const info = engines?.find((e) => e.id === id);
            const off = !!info && !info.available;
            return (
              <option key={id} value={id} disabled={off} title={info?.reason ?? info?.version ?? undefined}>
                {ENGINE_NAMES[id]}
                {off ? ' — unavailable' : info?.version ? ` — ${info.version}` : ''}
              </option>
            );
          })}
        </select>
      </label>
      {settings.engine === 'builtin' ? (
        <label className="nw-train-field">
          Backend
          <select data-testid="train-backend" value={settings.backend} disabled={disabled} onChange={(e) => set({ backend: e.target.value as TrainSettings['backend'] })}>
            <option value="auto">auto</option>
            {(devices.length ? devices.map((d) => d.id) : ['tensorflow', 'wasm', 'cpu'])
              .filter((id): id is TrainSettings['backend'] => id === 'tensorflow' || id === 'wasm' || id === 'cpu')
              .map((id) => (
                <option key={id} value={id}>
                  {devices.find((d) => d.id === id)?.name ?? id}
                </option>
              ))}
          </select>
        </label>
      ) : (
        <label className="nw-train-field">
          Device
          <select data-testid="train-device" value={settings.device} disabled={disabled} onChange={(e) => set({ device: e.target.value })}>
            <option value="auto">auto (cuda → mps → cpu)</option>
            {devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <ul className="nw-engines" data-testid="train-engines">
        {engines === null && <li className="nw-muted">Detecting engines…</li>}
        {error && <li className="nw-warn-text">Engine detection failed: {error}</li>}
        {engines?.map((e) => (
          <li key={e.id} className={e.available ? '' : 'nw-muted'} data-testid={`engine-${e.id}`} title={e.reason ?? undefined}>
            {ENGINE_NAMES[e.id]}: {e.available ? `${e.version ?? 'available'} · ${e.devices.map((d) => d.name).join(', ') || 'no devices listed'}` : `unavailable — ${e.reason ?? 'no reason given'}`}
          </li>
        ))}
      </ul>
    </Group>
  );
}

export function MoreSettings({ settings, set, disabled }: { settings: TrainSettings; set: (p: Partial<TrainSettings>) => void; disabled: boolean }) {
  const s = settings;
  return (
    <details className="nw-train-more" data-testid="train-more">
      <summary>More settings</summary>
      <div className="nw-train-groups">
        <Group title="Schedule">
          <Select label="Learning rate" testId="train-schedule" value={s.schedule} disabled={disabled} onChange={(v) => set({ schedule: v })} options={[['constant', 'constant'], ['step', 'step decay'], ['cosine', 'cosine']]} />
          {s.schedule === 'step' && (
            <>
              <NumField label="Step (epochs)" testId="train-step-size" value={s.stepSize} min={1} disabled={disabled} onChange={(v) => set({ stepSize: Math.round(v) })} />
              <NumField label="Gamma" testId="train-gamma" value={s.gamma} step={0.05} min={0.01} max={1} disabled={disabled} onChange={(v) => set({ gamma: v })} />
            </>
          )}
          <NumField label="Warm-up (epochs)" testId="train-warmup" value={s.warmupEpochs} step={0.5} min={0} disabled={disabled} onChange={(v) => set({ warmupEpochs: v })} />
        </Group>
        <Group title="Regularisation">
          <NumField label="Momentum" testId="train-momentum" value={s.momentum} step={0.1} min={0} max={0.999} disabled={disabled || s.optimizer === 'adam'} title="SGD / RMSprop only" onChange={(v) => set({ momentum: v })} />
          <NumField label="Weight decay" testId="train-weight-decay" value={s.weightDecay} step={0.0001} min={0} disabled={disabled} onChange={(v) => set({ weightDecay: v })} />
          <NumField label="Early stop (patience)" testId="train-patience" value={s.patience} min={0} disabled={disabled} title="Epochs without validation-loss improvement before stopping; 0 = off" onChange={(v) => set({ patience: Math.round(v) })} />
        </Group>
        <Group title="Augmentation">
          <label className="nw-train-check">
            <input type="checkbox" data-testid="train-flip" checked={s.flip} disabled={disabled} onChange={(e) => set({ flip: e.target.checked })} /> flip
          </label>
          <NumField label="Shift (px)" testId="train-shift" value={s.shift} min={0} max={16} disabled={disabled} onChange={(v) => set({ shift: Math.round(v) })} />
          <NumField label="Rotate (°)" testId="train-rotate" value={s.rotate} min={0} max={180} disabled={disabled} onChange={(v) => set({ rotate: v })} />
          <NumField label="Scale (±)" testId="train-scale" value={s.scale} step={0.05} min={0} max={0.9} disabled={disabled} onChange={(v) => set({ scale: v })} />
        </Group>
        <EngineSettings settings={s} set={set} disabled={disabled} />
      </div>
    </details>
  );
}

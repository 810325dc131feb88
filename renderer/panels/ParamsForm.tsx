/**
 * A form generated from a zod params schema, validated as you type (message beside the field). Valid
 * edits commit immediately; one focus→blur edit session is one undo entry (History gesture).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import { useEditorStore } from '../state/context';
import { describeSchema, formatFieldValue, parseFieldInput, validateParams, type FieldDescriptor } from '../forms/schemaForm';

export function ParamsForm({
  schema,
  params,
  onCommit,
}: {
  schema: z.ZodType;
  params: Record<string, unknown>;
  /** Receives schema-parsed params; returns whether the document accepted them. */
  onCommit: (params: Record<string, unknown>) => boolean;
}) {
  const store = useEditorStore();
  const fields = useMemo(() => describeSchema(schema), [schema]);
  const [drafts, setDrafts] = useState<Record<string, string | boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Params we committed ourselves keep the drafts (so "3," stays while typing "3, 5"); a change from
  // elsewhere (undo, a fix) resets the form to the document.
  const committed = useRef<unknown>(params);
  useEffect(() => {
    if (params === committed.current) return;
    committed.current = params;
    setDrafts({});
    setErrors({});
  }, [params]);

  const valueOf = (f: FieldDescriptor): string | boolean => {
    if (f.name in drafts) return drafts[f.name];
    const v = params[f.name];
    return f.kind === 'boolean' ? v === true : formatFieldValue(f, v);
  };

  const change = (f: FieldDescriptor, input: string | boolean) => {
    const next = { ...drafts, [f.name]: input };
    setDrafts(next);
    const candidate: Record<string, unknown> = { ...params };
    const fieldErrors: Record<string, string> = {};
    for (const field of fields) {
      if (!(field.name in next)) continue;
      const parsed = parseFieldInput(field, next[field.name]);
      if (!parsed.ok) fieldErrors[field.name] = parsed.error;
      else if (parsed.value === undefined) delete candidate[field.name];
      else candidate[field.name] = parsed.value;
    }
    const all = { ...(Object.keys(fieldErrors).length ? {} : validateParams(schema, candidate)), ...fieldErrors };
    setErrors(all);
    if (Object.keys(all).length > 0) return;
    const parsed = schema.safeParse(candidate);
    if (!parsed.success) return;
    const value = parsed.data as Record<string, unknown>;
    committed.current = value;
    if (!onCommit(value)) committed.current = params;
  };

  // A removed input never fires blur, so the gesture is also closed on unmount.
  const inGesture = useRef(false);
  useEffect(
    () => () => {
      if (inGesture.current) store.getState().endGesture();
      inGesture.current = false;
    },
    [store],
  );
  const gesture = {
    onFocus: () => {
      if (inGesture.current) return;
      inGesture.current = true;
      store.getState().beginGesture();
    },
    onBlur: () => {
      if (!inGesture.current) return;
      inGesture.current = false;
      store.getState().endGesture();
    },
  };

  return (
    <>
      {fields.map((f) => {
        const v = valueOf(f);
        const err = errors[f.name];
        return (
          <label key={f.name} className={`nw-field${err ? ' invalid' : ''}`} title={f.description}>
            <span>{f.label}</span>
            {f.kind === 'boolean' ? (
              <input type="checkbox" data-testid={`param-${f.name}`} checked={v === true} onChange={(e) => change(f, e.target.checked)} {...gesture} />
            ) : f.kind === 'enum' ? (
              <select data-testid={`param-${f.name}`} value={String(v)} onChange={(e) => change(f, e.target.value)} {...gesture}>
                {(f.optional || f.nullable) && <option value="">—</option>}
                {f.options?.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                data-testid={`param-${f.name}`}
                value={String(v)}
                inputMode={f.kind === 'integer' || f.kind === 'number' ? 'decimal' : 'text'}
                placeholder={f.kind === 'size' ? 'n or h, w' : f.kind === 'numberArray' ? 'e.g. 28, 28, 1' : ''}
                onChange={(e) => change(f, e.target.value)}
                {...gesture}
              />
            )}
            {err && (
              <span className="nw-field-error" data-testid={`param-error-${f.name}`}>
                {err}
              </span>
            )}
          </label>
        );
      })}
    </>
  );
}

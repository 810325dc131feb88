import { getLayerSpec, parseLayerParams } from '../layers/index';

/**
 * Layer params with the catalog's defaults filled in, as the document stores them after load. A template
 * writing a param the layer does not accept is a bug in the template, so it throws. Types the catalog does
 * not know (yet) are left as written; shape inference reports them as unknown.
 */
export function normaliseLayerParams(type: string, params: Record<string, unknown>): Record<string, unknown> {
  if (!getLayerSpec(type)) return params;
  const r = parseLayerParams(type, params);
  if (!r.ok) throw new Error(`${type} params ${JSON.stringify(params)} rejected: ${r.issues.map((i) => `${i.path || '(params)'}: ${i.message}`).join('; ')}`);
  return r.params;
}

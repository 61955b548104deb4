import {
  GROUP_NAMES,
  type Group,
  type InferenceData,
  type InferenceDataAttrs,
  shapeSize,
} from './inference-data.js';

/**
 * InferenceData as JSON:
 *
 *     { "format": "dopl-inference-data", "version": 1, "attrs": {…},
 *       "posterior": { "mu": { "shape": [4, 1000], "data": [0.12, …] } }, … }
 *
 * Finite numbers are written in JavaScript's shortest round-trip form, so parsing gives back the
 * same double bit for bit; the values JSON has no number for are written as the strings "NaN",
 * "Infinity", "-Infinity" and "-0". (NaN payload bits are not kept: every NaN loads as the
 * canonical one.)
 */
export const JSON_FORMAT = 'dopl-inference-data';
export const JSON_VERSION = 1;

type Encoded = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

function encodeNumber(x: number): Encoded {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'Infinity';
  if (x === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (x === 0 && 1 / x < 0) return '-0';
  return x;
}

function decodeNumber(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  switch (v) {
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    case '-0':
      return -0;
    default:
      throw new SyntaxError(`${where}: expected a number, got ${JSON.stringify(v)}`);
  }
}

function encodeGroup(group: Group): Record<string, { shape: number[]; data: Encoded[] }> {
  const out: Record<string, { shape: number[]; data: Encoded[] }> = {};
  for (const [name, v] of Object.entries(group)) {
    const data = new Array<Encoded>(v.data.length);
    for (let i = 0; i < v.data.length; i++) data[i] = encodeNumber(v.data[i]);
    out[name] = { shape: v.shape.slice(), data };
  }
  return out;
}

export function toJSON(idata: InferenceData): string {
  const out: Record<string, unknown> = { format: JSON_FORMAT, version: JSON_VERSION, attrs: idata.attrs };
  for (const name of GROUP_NAMES) {
    const group = idata[name];
    if (group !== undefined) out[name] = encodeGroup(group);
  }
  return JSON.stringify(out);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function decodeGroup(raw: unknown, groupName: string): Group {
  if (!isRecord(raw)) throw new SyntaxError(`${groupName}: expected an object of variables`);
  const group: Group = {};
  for (const [name, v] of Object.entries(raw)) {
    const where = `${groupName}.${name}`;
    if (!isRecord(v) || !Array.isArray(v.shape) || !Array.isArray(v.data)) {
      throw new SyntaxError(`${where}: expected { shape, data }`);
    }
    const shape = v.shape.map((d) => {
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 0)
        throw new SyntaxError(`${where}: bad shape`);
      return d;
    });
    if (shapeSize(shape) !== v.data.length) {
      throw new SyntaxError(
        `${where}: shape [${shape}] needs ${shapeSize(shape)} values, found ${v.data.length}`,
      );
    }
    const data = new Float64Array(v.data.length);
    for (let i = 0; i < data.length; i++) data[i] = decodeNumber(v.data[i], where);
    group[name] = { shape, data };
  }
  return group;
}

export function fromJSON(text: string): InferenceData {
  const raw: unknown = JSON.parse(text);
  if (!isRecord(raw) || raw.format !== JSON_FORMAT) {
    throw new SyntaxError(`not a ${JSON_FORMAT} document`);
  }
  if (raw.version !== JSON_VERSION) {
    throw new SyntaxError(`unsupported ${JSON_FORMAT} version ${String(raw.version)}`);
  }
  if (!isRecord(raw.attrs)) throw new SyntaxError('attrs missing');
  const idata: InferenceData = { attrs: raw.attrs as unknown as InferenceDataAttrs };
  for (const name of GROUP_NAMES) {
    if (raw[name] !== undefined) idata[name] = decodeGroup(raw[name], name);
  }
  return idata;
}

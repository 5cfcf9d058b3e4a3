/**
 * Which fields of an object a package sets, nested: `true` for a value, a record for an object,
 * a one-element array holding the union of its members' shapes for a list. DHIS2 answers with
 * every field it knows (defaults included), so live objects are compared only on this shape.
 */
export type Shape = true | { [key: string]: Shape } | [Shape] | [];

export function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) {
    const members = value.map(shapeOf);
    const [first, ...rest] = members;
    return first === undefined ? [] : [rest.reduce(unionShapes, first)];
  }
  if (value && typeof value === 'object') {
    const out: Record<string, Shape> = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined && v !== null) out[key] = shapeOf(v);
    return out;
  }
  return true;
}

function unionShapes(a: Shape, b: Shape): Shape {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length === 0) return b;
    if (b.length === 0) return a;
    return [unionShapes(a[0], b[0])];
  }
  if (isShapeRecord(a) && isShapeRecord(b)) {
    const out: Record<string, Shape> = { ...a };
    for (const [key, s] of Object.entries(b))
      out[key] = out[key] === undefined ? s : unionShapes(out[key], s);
    return out;
  }
  return a === true ? b : a;
}

function isShapeRecord(shape: Shape): shape is { [key: string]: Shape } {
  return typeof shape === 'object' && !Array.isArray(shape);
}

/** Keeps only what `shape` names: a live object reduced to the fields the package sets. */
export function projectOnto(value: unknown, shape: Shape): unknown {
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return value;
    const member = shape[0];
    return member === undefined ? value : value.map((v) => projectOnto(v, member));
  }
  if (isShapeRecord(shape) && value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, s] of Object.entries(shape)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && v !== null) out[key] = projectOnto(v, s);
    }
    return out;
  }
  return value;
}

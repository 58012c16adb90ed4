// JSON with object keys sorted at every level, so equal values always serialise (and hash) the same.

/**
 * Follows JSON.stringify's rules (toJSON, undefined and functions dropped from objects and
 * turned into null in arrays, non-finite numbers as null, bigint and cycles refused) with one
 * difference: object keys are sorted by UTF-16 code unit. `undefined` alone becomes `null`.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, new Set()) ?? 'null';
}

function serialise(input: unknown, seen: Set<object>): string | undefined {
  const value = hasToJson(input) ? input.toJSON() : input;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'number':
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new TypeError('canonicalJson: a bigint cannot be written as JSON');
  }
  const object = value as object;
  if (seen.has(object)) throw new TypeError('canonicalJson: the value contains a cycle');
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      return `[${object.map((item: unknown) => serialise(item, seen) ?? 'null').join(',')}]`;
    }
    const record = object as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const item = serialise(record[key], seen);
      if (item !== undefined) parts.push(`${JSON.stringify(key)}:${item}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    seen.delete(object);
  }
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'toJSON' in value &&
    typeof (value as { toJSON: unknown }).toJSON === 'function'
  );
}

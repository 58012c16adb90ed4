// Typed reads of result columns: a wrong type means the schema and the code disagree, a bug.
import type { SQLOutputValue } from 'node:sqlite';

export type Row = Record<string, SQLOutputValue>;

export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw columnError(column, 'text', value);
  return value;
}

export function textOrNull(row: Row, column: string): string | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  return text(row, column);
}

export function int(row: Row, column: string): number {
  const value = row[column];
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'number') throw columnError(column, 'integer', value);
  return value;
}

export function intOrNull(row: Row, column: string): number | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  return int(row, column);
}

export function bool(row: Row, column: string): boolean {
  return int(row, column) !== 0;
}

export function json(row: Row, column: string): unknown {
  return JSON.parse(text(row, column));
}

export function jsonOrNull(row: Row, column: string): unknown {
  const value = textOrNull(row, column);
  return value === null ? null : JSON.parse(value);
}

function columnError(column: string, expected: string, value: unknown): Error {
  const shown = value === undefined ? 'missing' : `${typeof value} ${String(value)}`;
  return new Error(`store: column ${column} should be ${expected}, got ${shown}`);
}

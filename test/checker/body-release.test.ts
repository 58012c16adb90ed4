// releaseBody (src/core/body-release.ts) frees a buffer the body has to itself and nothing else.
import { describe, expect, it } from 'vitest';
import { releaseBody, releaseOutcomeBody } from '../../src/core/body-release.ts';

describe('releaseBody', () => {
  it('frees a body that has its buffer to itself', () => {
    const body = Buffer.concat([Buffer.alloc(30_000, 1), Buffer.alloc(30_000, 2)]);
    releaseBody(body);
    expect(body.byteLength).toBe(0);
    expect((body.buffer as ArrayBuffer).detached).toBe(true);
  });

  it("leaves a slice of a shared buffer alone (Node's Buffer pool, a view into a larger read)", () => {
    const small = Buffer.from('a small page from the shared pool');
    const neighbour = Buffer.from('another buffer in the same pool');
    releaseBody(small);
    expect(small.toString()).toBe('a small page from the shared pool');
    expect(neighbour.toString()).toBe('another buffer in the same pool');
    const whole = new Uint8Array(10_000).fill(7);
    const view = whole.subarray(100, 9_000);
    releaseBody(view);
    expect(view.byteLength).toBe(8_900);
    expect(whole[0]).toBe(7);
  });

  it('leaves a buffer that cannot be detached to the garbage collector', () => {
    // A WebAssembly memory's buffer cannot be detached (the types of this project have no WebAssembly).
    const wasm = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } } }).WebAssembly;
    const memory = new wasm.Memory({ initial: 1 });
    const body = new Uint8Array(memory.buffer);
    expect(() => releaseBody(body)).not.toThrow();
    expect(body.byteLength).toBe(65_536);
  });

  it('is safe on an empty or already freed body, and on a failure', () => {
    const body = new Uint8Array(64);
    releaseBody(body);
    expect(() => releaseBody(body)).not.toThrow();
    expect(() => releaseBody(new Uint8Array(0))).not.toThrow();
    expect(() => releaseOutcomeBody({ ok: false } as never)).not.toThrow();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_WASM_THREADS, readBackendRequest } from './backend-request';

const read = (query: string) => readBackendRequest(new URLSearchParams(query));

describe('readBackendRequest', () => {
  afterEach(() => vi.restoreAllMocks());

  it('defaults to auto backend', () => {
    expect(read('')).toEqual({ backend: 'auto' });
  });

  it('reads backend and threads', () => {
    expect(read('?backend=wasm&threads=1')).toEqual({ backend: 'wasm', wasmThreads: 1 });
    expect(read(`?threads=${MAX_WASM_THREADS}`)).toEqual({ backend: 'auto', wasmThreads: MAX_WASM_THREADS });
  });

  it('ignores invalid thread counts with a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const value of ['0', '-2', '1.5', 'two', '', String(MAX_WASM_THREADS + 1)]) {
      expect(read(`?backend=wasm&threads=${value}`)).toEqual({ backend: 'wasm' });
    }
    expect(warn).toHaveBeenCalledTimes(6);
    expect(warn.mock.calls[0][0]).toContain('threads=0');
  });
});

import { execFileSync } from 'node:child_process';
import { deferWasmTierUp, START_WASM_TIERING_BUDGET, V8_WASM_TIERING_BUDGET } from './wasm-tiering.js';

describe('deferWasmTierUp', () => {
  it('leaves a process started with wasm tiering flags of its own to V8', () => {
    expect(deferWasmTierUp(['--wasm-tiering-budget=1000'], '')).toBeNull();
    expect(deferWasmTierUp(['--liftoff-only'], '')).toBeNull();
    expect(deferWasmTierUp([], '--enable-source-maps --no-wasm-dynamic-tiering')).toBeNull();
    expect(deferWasmTierUp([], '--no_wasm_tier_up')).toBeNull();
  });

  // What it relies on: this Node's V8 knows the flag, and the budget put back at ready is V8's own
  // default. (v8.setFlagsFromString does not throw on a flag V8 has dropped: it prints to stderr and
  // carries on, so only V8's own list of options can tell.)
  it('names a flag this V8 has, whose default is the budget put back at ready', () => {
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(options).toMatch(/^\s*--wasm-tiering-budget\b/m);
    expect(/default: --wasm-tiering-budget=(\d+)/.exec(options)?.[1]).toBe(String(V8_WASM_TIERING_BUDGET));
    expect(START_WASM_TIERING_BUDGET).toBe(100 * V8_WASM_TIERING_BUDGET);
  });

  it('sets the start budget and gives back a function that puts V8’s back', () => {
    const restore = deferWasmTierUp([], '');
    expect(typeof restore).toBe('function');
    restore!();
  });
});

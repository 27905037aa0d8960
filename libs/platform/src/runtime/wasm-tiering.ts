import v8 from 'node:v8';

/** V8's own --wasm-tiering-budget (unchanged since dynamic tiering became its default, V8 10.x). */
export const V8_WASM_TIERING_BUDGET = 1_800_000;

/** The budget while the embedded database starts: a hundred times V8's. */
export const START_WASM_TIERING_BUDGET = 100 * V8_WASM_TIERING_BUDGET;

/**
 * PGlite is PostgreSQL compiled to WebAssembly, run by V8 in the product's process. V8 first runs each
 * function as quickly made baseline code (Liftoff) and recompiles it with its optimising compiler
 * (TurboFan) on background threads once it has run for a budget of roughly that many bytes of code. A
 * start runs a great deal of PostgreSQL once — its own start-up, the first plans of ~500 statements —
 * and with V8's budget most of that was recompiled while the start still ran: on 2 cores the product's
 * CPU at ready was 1.2–1.9 s lower with a hundred times the budget, and 1.5–2.4 s lower with no
 * recompiling at all (BENCHMARKS.md S1). Not recompiling at all would leave PostgreSQL's hot loops on
 * baseline code for good; with a larger budget they are recompiled still, after running a hundred
 * times longer, and code run only at start is not.
 *
 * Set before PGlite is opened: V8 gives each function of a module its budget when the module is
 * instantiated. The returned function puts V8's own budget back once the start is over. A process
 * started with wasm tiering flags of its own keeps them (null then).
 */
export function deferWasmTierUp(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
): (() => void) | null {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)];
  if (
    given.some((arg) =>
      /^--(no[-_])?(wasm[-_]tiering[-_]budget|liftoff[-_]only|wasm[-_]dynamic[-_]tiering|wasm[-_]tier[-_]up)\b/.test(
        arg,
      ),
    )
  )
    return null;
  v8.setFlagsFromString(`--wasm-tiering-budget=${START_WASM_TIERING_BUDGET}`);
  return () => v8.setFlagsFromString(`--wasm-tiering-budget=${V8_WASM_TIERING_BUDGET}`);
}

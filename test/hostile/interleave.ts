import type { Dhis2Client } from '../../src/dhis2/client.js';

/**
 * A deterministic scheduler for two (or more) clients: every dataStore request of every writer
 * waits at a gate, and the scheduler lets exactly one through at a time, in an order given by a
 * list of choices. `exploreAll` replays the writers once per possible order (depth-first over the
 * choices), so every interleaving of their requests is run against the real server.
 */
export type WriterProgram = (client: Dhis2Client) => Promise<void>;

interface Gate {
  release: () => void;
  label: string;
}

export interface Interleaving {
  /** "A: POST lock-1" … in the order the server saw them. */
  trace: string[];
  /** Per decision: how many writers were ready. */
  widths: number[];
}

/** Runs the writers once, taking `choices[i]` (default 0) at the i-th decision with ≥ 2 writers ready. */
export async function runInterleaving(
  clients: Dhis2Client[],
  programs: WriterProgram[],
  choices: number[],
  onStep: () => void = () => {},
): Promise<Interleaving> {
  const gates: Array<Gate | undefined> = programs.map(() => undefined);
  const done = programs.map(() => false);
  let arrived: Array<() => void> = [];
  const arrival = () => new Promise<void>((resolve) => arrived.push(resolve));
  const wake = () => {
    const waiting = arrived;
    arrived = [];
    for (const resolve of waiting) resolve();
  };
  const stepped = clients.map((client, index) => gatedClient(client, index, gates, wake));
  const runs = programs.map((program, index) =>
    program(stepped[index]!).finally(() => {
      done[index] = true;
      wake();
    }),
  );
  const trace: string[] = [];
  const widths: number[] = [];
  for (;;) {
    // Wait until every writer still running stands at a gate.
    while (programs.some((_, i) => !done[i] && gates[i] === undefined)) await arrival();
    onStep();
    const ready = programs.map((_, i) => i).filter((i) => gates[i] !== undefined);
    if (ready.length === 0) break;
    let pick = ready[0]!;
    if (ready.length > 1) {
      const choice = choices[widths.length] ?? 0;
      widths.push(ready.length);
      pick = ready[choice]!;
    }
    const gate = gates[pick]!;
    gates[pick] = undefined;
    trace.push(`${String.fromCharCode(65 + pick)}: ${gate.label}`);
    gate.release();
  }
  await Promise.allSettled(runs);
  return { trace, widths };
}

/** Every interleaving, depth first; `check` runs after each (the server state is the writers' to reset). */
export async function exploreAll(run: (choices: number[]) => Promise<Interleaving>): Promise<number> {
  let choices: number[] = [];
  let count = 0;
  for (;;) {
    const { widths } = await run(choices);
    count++;
    const taken = widths.map((_, i) => choices[i] ?? 0);
    let i = taken.length - 1;
    while (i >= 0 && taken[i]! + 1 >= widths[i]!) i--;
    if (i < 0) return count;
    choices = [...taken.slice(0, i), taken[i]! + 1];
  }
}

function gatedClient(
  client: Dhis2Client,
  index: number,
  gates: Array<Gate | undefined>,
  arrived: () => void,
): Dhis2Client {
  const gate = (label: string) =>
    new Promise<void>((release) => {
      gates[index] = { release, label };
      arrived();
    });
  const store = client.dataStore;
  return {
    ...client,
    dataStore: {
      keys: async (ns) => (await gate(`GET ${ns}`), store.keys(ns)),
      get: async (ns, key) => (await gate(`GET ${key}`), store.get(ns, key)),
      create: async (ns, key, value) => (await gate(`POST ${key}`), store.create(ns, key, value)),
      put: async (ns, key, value) => (await gate(`PUT ${key}`), store.put(ns, key, value)),
      remove: async (ns, key) => (await gate(`DELETE ${key}`), store.remove(ns, key)),
    },
  };
}

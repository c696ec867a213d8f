import { createFaultState, type FaultState, SIM_FAULTS, type SimFault } from "./faults";

/** What switching a fault does beyond flipping its flag; null when the handlers read the flag themselves. */
export type FaultEffects = Record<SimFault, ((on: boolean) => Promise<void> | void) | null>;

export type FaultSwitch = {
  /** A copy of the current state. */
  faults: () => FaultState;
  setFault: (name: SimFault, on: boolean) => Promise<FaultState>;
  reset: () => Promise<FaultState>;
};

/**
 * Fault changes run one at a time, in order, and resolve once their effect is in place
 * (listeners closed or reopened, certificate swapped), so the very next request sees them.
 */
export function createFaultSwitch(
  effects: FaultEffects,
  state: FaultState = createFaultState(),
): FaultSwitch {
  let queue: Promise<unknown> = Promise.resolve();

  const apply = async (name: SimFault, on: boolean) => {
    if (state[name] === on) return;
    await effects[name]?.(on);
    state[name] = on;
  };
  const enqueue = (work: () => Promise<void>): Promise<FaultState> => {
    const result = queue.then(work).then(() => ({ ...state }));
    queue = result.catch(() => undefined);
    return result;
  };

  return {
    faults: () => ({ ...state }),
    setFault: (name, on) => {
      if (!SIM_FAULTS.includes(name)) return Promise.reject(new Error(`unknown fault "${name}"`));
      return enqueue(() => apply(name, on));
    },
    reset: () =>
      enqueue(async () => {
        for (const name of SIM_FAULTS) await apply(name, false);
      }),
  };
}

// When the read model is brought up to date after an import: once imports have stopped for a
// moment, not between two files sent one after the other (docs/domain/read-model.md#after-an-import).

/** How long no import may start after the last one ended before the model is brought up to date. */
export const QUIET_MS = 250;

export interface ImportActivity {
  /** An import begins: a refresh still waiting for quiet waits longer. */
  started(): void;
  /** An import's data committed: the model owes a refresh. */
  committed(): void;
  /** An import ended, committed or not. */
  ended(): void;
}

/**
 * Calls `refresh` once, `quietMs` after the last import ended, if some import committed and no
 * import started meanwhile. Back-to-back files then each find the write path free (a refresh
 * running when a write begins holds it up), and a seller who looks at the desk after an import
 * finds the change applied.
 */
export function quietRefresh(refresh: () => void, quietMs = QUIET_MS): ImportActivity {
  let running = 0;
  let owed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    if (running > 0 || !owed) return;
    owed = false;
    refresh();
  };
  return {
    started() {
      running++;
      clearTimeout(timer);
      timer = undefined;
    },
    committed() {
      owed = true;
    },
    ended() {
      running--;
      if (running > 0 || !owed) return;
      clearTimeout(timer);
      timer = setTimeout(fire, quietMs);
      // A pending refresh never keeps a process (or a test) alive.
      (timer as { unref?: () => void }).unref?.();
    },
  };
}

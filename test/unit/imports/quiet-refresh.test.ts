// The refresh after imports waits for a quiet moment (docs/domain/read-model.md#after-an-import).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { quietRefresh } from '../../../src/services/imports/quiet-refresh';

describe('quietRefresh', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = () => {
    const refresh = vi.fn();
    return { refresh, activity: quietRefresh(refresh, 250) };
  };

  it('refreshes once, 250 ms after a committed import ended', () => {
    const { refresh, activity } = setup();
    activity.started();
    activity.committed();
    activity.ended();
    vi.advanceTimersByTime(249);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('does not refresh after an import that committed nothing (a dry run, a refusal)', () => {
    const { refresh, activity } = setup();
    activity.started();
    activity.ended();
    vi.advanceTimersByTime(10_000);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('files sent one after the other: one refresh, after the last', () => {
    const { refresh, activity } = setup();
    for (let i = 0; i < 3; i++) {
      activity.started();
      vi.advanceTimersByTime(400); // the import runs
      activity.committed();
      activity.ended();
      vi.advanceTimersByTime(100); // the next file starts within the quiet time
    }
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(150);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('an import still running holds it; a later failed import does not cancel what an earlier one owed', () => {
    const { refresh, activity } = setup();
    activity.started(); // A
    activity.started(); // B, alongside
    activity.committed(); // A commits
    activity.ended(); // A ends while B runs
    vi.advanceTimersByTime(1_000);
    expect(refresh).not.toHaveBeenCalled();
    activity.ended(); // B fails: nothing of its own committed
    vi.advanceTimersByTime(250);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});

import type { TestEndEvent } from '../model/events.ts';
import type { TestCase } from '../model/test-case.ts';
import type { TestRequest } from './protocol.ts';

interface GroupState {
  /** The group's planned tests, in declaration order. */
  members: string[];
  /** The attempt the group is on: a retry runs every member again at the next one. */
  attempt: number;
  /** Test ends of this attempt, held until every member ended: a retry may still turn them into earlier attempts. */
  held: TestEndEvent[];
}

/**
 * Playwright's serial mode across retries (issue 14.6): the tests of a
 * `test.describe.serial` (or `configure({ mode: 'serial' })`) group depend
 * on each other, so a retry runs the whole group again, not the one test
 * that failed. The dispatcher asks `retryGroup` when a member failed with
 * retries left, and gets the final ends to emit once the group is done.
 */
export class SerialGroups {
  private readonly groups = new Map<string, GroupState>();

  /** Registers the planned tests; the worker skips the rest of a group after a failure, this class only decides retries. */
  add(test: TestCase): void {
    if (!test.serialGroup || test.expectedStatus === 'skipped') return;
    const state = this.groups.get(test.serialGroup) ?? { members: [], attempt: 0, held: [] };
    state.members.push(test.id);
    this.groups.set(test.serialGroup, state);
  }

  /** True when the end belongs to an attempt of its group that a retry already replaced. */
  superseded(spec: TestCase, event: TestEndEvent): boolean {
    const state = spec.serialGroup ? this.groups.get(spec.serialGroup) : undefined;
    return Boolean(state && event.attempt < state.attempt);
  }

  /**
   * A member failed with retries left: the ends held so far become earlier
   * attempts (returned, to emit without an outcome) and every member is
   * requested again at the next attempt.
   */
  retryGroup(spec: TestCase, event: TestEndEvent): { earlier: TestEndEvent[]; requests: TestRequest[] } {
    const state = this.groups.get(spec.serialGroup!)!;
    const earlier = [...state.held, event];
    state.held = [];
    state.attempt = event.attempt + 1;
    return { earlier, requests: state.members.map((id) => ({ id, attempt: state.attempt })) };
  }

  /** Holds a final-looking end; returns the group's ends once every member has one, else nothing yet. */
  hold(spec: TestCase, event: TestEndEvent): TestEndEvent[] {
    const state = this.groups.get(spec.serialGroup!)!;
    state.held.push(event);
    if (state.held.length < state.members.length) return [];
    return state.held.splice(0);
  }

  /** Ends still held when the run stops (interrupted): emitted rather than lost. */
  drain(): TestEndEvent[] {
    return [...this.groups.values()].flatMap((state) => state.held.splice(0));
  }

  isSerial(spec: TestCase | undefined): spec is TestCase & { serialGroup: string } {
    return Boolean(spec?.serialGroup && this.groups.has(spec.serialGroup));
  }
}

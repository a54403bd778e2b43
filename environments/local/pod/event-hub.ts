/**
 * Fans change events out to subscribers (the WebSocket stream, the portal)
 * and numbers them. A short history lets a client that connects late ask for
 * what it missed (`?since=seq`), so tests need not race the stream.
 */
import type { Change } from './store.ts';
import type { AnyResource, ResourceName } from './resources.ts';

export interface ChangeEvent {
  type: 'created' | 'updated' | 'deleted';
  resource: ResourceName;
  id: string;
  data: AnyResource;
  /** 1, 2, 3... in the order the changes were made. */
  seq: number;
  /** ISO 8601 time of the change. */
  time: string;
}

export type Listener = (event: ChangeEvent) => void;

export class EventHub {
  private readonly listeners = new Set<Listener>();
  private readonly history: ChangeEvent[] = [];
  private seq = 0;

  constructor(
    private readonly historySize = 256,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The seq of the last event published (0 before any). */
  get lastSeq(): number {
    return this.seq;
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  publish(change: Change): ChangeEvent {
    const event: ChangeEvent = { ...change, seq: ++this.seq, time: this.now().toISOString() };
    this.history.push(event);
    if (this.history.length > this.historySize) this.history.shift();
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken subscriber must not stop the others or the request that made the change.
      }
    }
    return event;
  }

  /** Calls `listener` for every later event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Kept events with seq > `seq`, oldest first (older ones may have been dropped). */
  since(seq: number): ChangeEvent[] {
    return this.history.filter((event) => event.seq > seq);
  }
}

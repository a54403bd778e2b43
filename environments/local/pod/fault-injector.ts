/**
 * Applies the switched-on faults (faults.ts) to live traffic. Each POD owns
 * one injector, so its counters and leaked memory go away with it.
 */
import type { Faults } from './faults.ts';
import type { AnyResource, ResourceName } from './resources.ts';

export class FaultInjector {
  private apiRequests = 0;
  /** What the leak fault keeps; never read, only held. */
  private readonly leaked: Buffer[] = [];

  constructor(readonly faults: Faults) {}

  /** Called for every request the POD receives. */
  onRequest(): void {
    if (this.faults.leakBytes > 0) {
      // Filled with a non-zero byte so the pages are really touched and show in RSS.
      this.leaked.push(Buffer.alloc(this.faults.leakBytes, (this.leaked.length % 255) + 1));
    }
  }

  get leakedBytes(): number {
    return this.leaked.length * this.faults.leakBytes;
  }

  /** Counts an API request; true when the errors fault makes this one fail. */
  failThisApiRequest(): boolean {
    this.apiRequests++;
    return this.faults.errorEvery > 0 && this.apiRequests % this.faults.errorEvery === 0;
  }

  async delay(): Promise<void> {
    if (this.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.faults.latencyMs));
  }

  /** The resource as the API shows it: with the schema fault, a slice's sst turns into a string. */
  present(resource: ResourceName, item: AnyResource): unknown {
    if (this.faults.schema && resource === 'slices' && 'sst' in item) return { ...item, sst: String(item.sst) };
    return item;
  }

  release(): void {
    this.leaked.length = 0;
  }
}

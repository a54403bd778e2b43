/** A keyword library written in TypeScript, as users write them: methods are keywords. */
export default class CounterLibrary {
  static ROBOT_LIBRARY_SCOPE = 'SUITE';
  private count = 0;

  resetCounter(): void {
    this.count = 0;
  }

  incrementCounter(by = 1): void {
    this.count += Number(by);
  }

  getCounter(): number {
    return this.count;
  }

  counterShouldBe(expected: string): void {
    if (this.count !== Number(expected)) throw new Error(`Counter is ${this.count}, expected ${expected}`);
  }

  async slowEcho(value: string): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return value;
  }
}

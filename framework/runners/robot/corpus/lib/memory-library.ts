/** A library without ROBOT_LIBRARY_SCOPE: Robot's default, TEST, gives each test a new instance. */
export default class MemoryLibrary {
  private readonly items: string[] = [];

  remember(item: string): void {
    this.items.push(item);
  }

  remembered(): string[] {
    return [...this.items];
  }
}

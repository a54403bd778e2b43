import { createRequire } from 'node:module';

/** The parts of the `cap` binding (libpcap) the packet helper uses. */
export interface CapHandle {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  setMinBytes?(n: number): void;
  send(buffer: Buffer, size?: number): void;
  close(): void;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): void;
}

export const CAP_MISSING =
  "the packet driver needs the optional npm package 'cap' (a libpcap binding), and it is not installed or did not build. " +
  'Install libpcap first, then the binding: `apt-get install -y libpcap-dev && npm install cap` (or `npm ci` again once libpcap-dev is there).';

/**
 * Loads `cap`, or throws an error that says what to install.
 * TOLLGATE_PACKET_BINDING names another module with cap's API (and lets the
 * tests see what a machine without the binding sees).
 */
export function loadCap(): new () => CapHandle {
  try {
    const mod = createRequire(import.meta.url)(process.env.TOLLGATE_PACKET_BINDING || 'cap') as { Cap: new () => CapHandle };
    return mod.Cap;
  } catch (error) {
    throw new Error(`${CAP_MISSING} (loading it said: ${(error as Error).message.split('\n')[0]})`);
  }
}

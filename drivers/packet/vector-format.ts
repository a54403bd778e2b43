import type { FrameExpectation } from './match-frame.ts';
import type { FrameSpec } from './frame-spec.ts';
import type { PortCounters, SwitchCapability, VlanConfig } from './switch-control.ts';

/**
 * A test vector, modelled on Stratum's TestVector: a file of test cases,
 * each a list of action groups (stimuli, port state and switch config,
 * sequential or parallel) followed by expectations on ports and counters.
 * Written as JSON (`*.vector.json`), checked against VECTOR_SCHEMA.
 *
 * @example
 *   { "name": "flooding", "frames": { "bcast": { "eth": { "dst": "ff:ff:ff:ff:ff:ff", "src": "02:00:00:00:00:01" } } },
 *     "testCases": [{ "name": "broadcast reaches every other port",
 *       "actions": [{ "send": { "port": "p1", "frame": "bcast" } }],
 *       "expect": [{ "port": "p2", "frames": ["bcast"] }, { "port": "p1", "none": true }] }] }
 */
export interface VectorFile {
  name: string;
  description?: string;
  /** Switch kinds this vector runs on (default: all). */
  switches?: string[];
  /** Capabilities every test case needs; a switch without them skips the vector with that reason. */
  requires?: SwitchCapability[];
  /** Logical port → topology port (p1, p2...), inline or as a port map file relative to the vector. */
  portMap?: string | Record<string, string>;
  /** Named frames that actions and expectations refer to by name. */
  frames?: Record<string, FrameSpec>;
  testCases: VectorTestCase[];
}

export interface VectorTestCase {
  name: string;
  requires?: SwitchCapability[];
  switches?: string[];
  actions: ActionGroup[];
  expect: Expectation[];
  /** How long to wait for expected frames, ms (default 1000). */
  timeout?: number;
}

export type ActionGroup = Action | { sequential: Action[] } | { parallel: Action[] };

export type Action =
  | { send: { port: string; frame: string | FrameSpec; count?: number; pauseMs?: number } }
  | { portDown: string }
  | { portUp: string }
  | { vlan: { port: string } & VlanConfig }
  | { fdb: { mac: string; port: string; vlan?: number } }
  | { entries: string[] }
  | { wait: number };

/** A frame in an expectation: a named frame (every field it names must match), a field expectation, or a named frame with overrides. */
export type ExpectedFrame = string | (FrameExpectation & { like?: string });

export type Expectation =
  | { port: string; frames: ExpectedFrame[]; ordered?: boolean; allowExtra?: boolean }
  | { port: string; none: true; within?: number }
  | { port: string; frame: ExpectedFrame; count: number | { min?: number; max?: number }; rate?: RateLimits }
  | { counter: keyof PortCounters; port: string; min?: number; max?: number };

/** Limits on the rate of the matching frames, between the first and the last one. */
export interface RateLimits {
  minPps?: number;
  maxPps?: number;
  minBps?: number;
  maxBps?: number;
}

const capability = { enum: ['vlan', 'vlan-trunk', 'fdb', 'port-state', 'openflow', 'counters'] };
const port = { type: 'string', minLength: 1 };
const frameRef = { anyOf: [{ type: 'string' }, { $ref: '#/$defs/frame' }] };
const expectedFrame = { anyOf: [{ type: 'string' }, { type: 'object' }] };

/** The JSON Schema of a vector file (structure only; names and frames are checked after it). */
export const VECTOR_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:tollgate:packet-vector',
  type: 'object',
  required: ['name', 'testCases'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    switches: { type: 'array', items: { type: 'string' } },
    requires: { type: 'array', items: capability },
    portMap: { anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }] },
    frames: { type: 'object', additionalProperties: { $ref: '#/$defs/frame' } },
    testCases: { type: 'array', minItems: 1, items: { $ref: '#/$defs/testCase' } },
  },
  $defs: {
    frame: {
      type: 'object',
      required: ['eth'],
      additionalProperties: false,
      properties: {
        eth: { type: 'object', required: ['dst', 'src'], additionalProperties: false, properties: { dst: { type: 'string' }, src: { type: 'string' }, type: { type: 'integer' } } },
        vlan: { type: 'object', required: ['vid'], additionalProperties: false, properties: { vid: { type: 'integer' }, pcp: { type: 'integer' }, dei: { type: 'integer' } } },
        arp: { type: 'object', required: ['op', 'sha', 'spa', 'tha', 'tpa'] },
        ipv4: { type: 'object', required: ['src', 'dst'] },
        ipv6: { type: 'object', required: ['src', 'dst'] },
        udp: { type: 'object', required: ['sport', 'dport'] },
        tcp: { type: 'object', required: ['sport', 'dport'] },
        icmp: { type: 'object', required: ['type'] },
        payload: { type: 'string' },
      },
    },
    testCase: {
      type: 'object',
      required: ['name', 'actions', 'expect'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1 },
        requires: { type: 'array', items: capability },
        switches: { type: 'array', items: { type: 'string' } },
        timeout: { type: 'integer', minimum: 1 },
        actions: { type: 'array', items: { $ref: '#/$defs/group' } },
        expect: { type: 'array', minItems: 1, items: { $ref: '#/$defs/expectation' } },
      },
    },
    group: {
      oneOf: [
        { type: 'object', required: ['sequential'], additionalProperties: false, properties: { sequential: { type: 'array', items: { $ref: '#/$defs/action' } } } },
        { type: 'object', required: ['parallel'], additionalProperties: false, properties: { parallel: { type: 'array', items: { $ref: '#/$defs/action' } } } },
        { $ref: '#/$defs/action' },
      ],
    },
    action: {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
      properties: {
        send: {
          type: 'object', required: ['port', 'frame'], additionalProperties: false,
          properties: { port, frame: frameRef, count: { type: 'integer', minimum: 1, maximum: 1_000_000 }, pauseMs: { type: 'number', minimum: 0 } },
        },
        portDown: port,
        portUp: port,
        vlan: {
          type: 'object', required: ['port'], additionalProperties: false,
          properties: { port, pvid: { type: 'integer', minimum: 1, maximum: 4094 }, tagged: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 4094 } } },
        },
        fdb: { type: 'object', required: ['mac', 'port'], additionalProperties: false, properties: { mac: { type: 'string' }, port, vlan: { type: 'integer' } } },
        entries: { type: 'array', items: { type: 'string' } },
        wait: { type: 'integer', minimum: 0, maximum: 60_000 },
      },
    },
    expectation: {
      oneOf: [
        { type: 'object', required: ['port', 'frames'], additionalProperties: false, properties: { port, frames: { type: 'array', items: expectedFrame }, ordered: { type: 'boolean' }, allowExtra: { type: 'boolean' } } },
        { type: 'object', required: ['port', 'none'], additionalProperties: false, properties: { port, none: { const: true }, within: { type: 'integer', minimum: 1 } } },
        {
          type: 'object', required: ['port', 'frame', 'count'], additionalProperties: false,
          properties: {
            port, frame: expectedFrame,
            count: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'object', additionalProperties: false, properties: { min: { type: 'integer' }, max: { type: 'integer' } } }] },
            rate: { type: 'object', additionalProperties: false, properties: { minPps: { type: 'number' }, maxPps: { type: 'number' }, minBps: { type: 'number' }, maxBps: { type: 'number' } } },
          },
        },
        {
          type: 'object', required: ['counter', 'port'], additionalProperties: false,
          properties: { counter: { enum: ['rxPackets', 'txPackets', 'rxBytes', 'txBytes'] }, port, min: { type: 'number' }, max: { type: 'number' } },
        },
      ],
    },
  },
} as const;

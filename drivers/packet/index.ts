/**
 * The packet driver (issue 7): build frames, send them into a switch, capture
 * what leaves its other ports and match it against expectations; test
 * vectors; pcap files. Packet I/O runs in a helper process inside the
 * topology's network namespace, over the optional `cap` binding (libpcap).
 */
export type * from './frame-spec.ts';
export { ETHERTYPE, IP_PROTO, TCP_FLAGS } from './frame-spec.ts';
export { encodeFrame, describeFrame, MIN_FRAME } from './encode-frame.ts';
export { decodeFrame } from './decode-frame.ts';
export { matchFrame, formatFieldDiff, expectationOf, type FrameExpectation, type FieldMatch, type FieldResult } from './match-frame.ts';
export { checkCaptures, rateOf, type PortExpectation, type CheckResult } from './check-captures.ts';
export { pcapFile, readPcapFile, type PcapRecord } from './pcap-writer.ts';
export { PacketPorts, type PacketPortsOptions, type SendOptions } from './packet-ports.ts';
export { PacketSession, PacketExpectationError, PacketInconclusiveError, type CheckOptions, type SentFrame } from './packet-session.ts';
export { judgeShortfalls, type HarnessSide, type Shortfall } from './burst-judgement.ts';
export { packetSupport, ovsSupport } from './capability.ts';
export { CAP_MISSING, loadCap } from './load-cap.ts';
export type { SwitchControl, SwitchTopology, SwitchCapability, VlanConfig, PortCounters } from './switch-control.ts';
export { SwitchLab, type LabSwitch, type TopologyFactory } from './switch-lab.ts';
export { loadVectorFile, VectorError, resolveExpectedFrame, type LoadedVector } from './load-vector.ts';
export { runVectorCase, unsupportedReason, type VectorCaseOutcome } from './run-vector-case.ts';
export { VECTOR_SCHEMA, type VectorFile, type VectorTestCase, type Action, type ActionGroup, type Expectation, type ExpectedFrame, type RateLimits } from './vector-format.ts';
export { createPacketTest, useSwitch, attachCaptures, declareVectorTests } from './packet-driver.ts';

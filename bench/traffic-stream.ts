/**
 * The stream generator against iperf3 on loopback: TCP throughput of the
 * driver (to its StreamSink) and of iperf3 (client to iperf3 -s), each for
 * the same time, rounds alternating; and a UDP stream paced to a bitrate,
 * with what its sink received (the pacing and the loss, measured).
 *
 *   npx tsx bench/traffic-stream.ts --seconds 5 --rounds 3
 */
import { spawn } from 'node:child_process';
import { StreamSink, TrafficClient } from '../drivers/traffic/index.ts';
import { flags, loadAverage, median, run } from './traffic-bench-support.ts';

const options = flags({ seconds: 5, rounds: 3, udpMbit: 200 });
const client = new TrafficClient();
const port = 5201 + Math.floor(Math.random() * 500);
const iperf = spawn('iperf3', ['-s', '-B', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 500));
const tcpDriver: number[] = [];
const tcpIperf: number[] = [];
const udp: { asked: number; sent: number; received: number }[] = [];
try {
  for (let round = 0; round < options.rounds; round++) {
    const sink = new StreamSink('tcp');
    const result = await client.stream({ protocol: 'tcp', host: '127.0.0.1', port: await sink.listen(), duration: options.seconds * 1000 });
    await sink.close();
    tcpDriver.push(result.stream.bitsPerSecond / 1e9);
    const report = JSON.parse(await run('iperf3', ['-c', '127.0.0.1', '-p', String(port), '-t', String(options.seconds), '-J']));
    tcpIperf.push(report.end.sum_sent.bits_per_second / 1e9);
    const udpSink = new StreamSink('udp');
    const paced = await client.stream({ protocol: 'udp', host: '127.0.0.1', port: await udpSink.listen(), duration: options.seconds * 1000, bitrate: options.udpMbit * 1e6, size: 1400 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await udpSink.close();
    udp.push({ asked: options.udpMbit, sent: paced.stream.bitsPerSecond / 1e6, received: (udpSink.bytes * 8) / paced.stream.seconds / 1e6 });
    console.error(`round ${round + 1}: TCP driver ${tcpDriver.at(-1)!.toFixed(2)} Gbit/s, iperf3 ${tcpIperf.at(-1)!.toFixed(2)} Gbit/s; UDP ${udp.at(-1)!.sent.toFixed(1)} Mbit/s sent, ${udp.at(-1)!.received.toFixed(1)} received`);
  }
} finally {
  iperf.kill('SIGTERM');
}
console.log(`\n${options.seconds} s per run, ${options.rounds} rounds, load average ${await loadAverage()}\n`);
console.log('| what | median | runs |');
console.log('|---|---|---|');
console.log(`| TCP, traffic driver (64 KiB writes) | ${median(tcpDriver).toFixed(2)} Gbit/s | ${tcpDriver.map((v) => v.toFixed(2)).join(', ')} |`);
console.log(`| TCP, iperf3 | ${median(tcpIperf).toFixed(2)} Gbit/s | ${tcpIperf.map((v) => v.toFixed(2)).join(', ')} |`);
console.log(`| driver / iperf3 | ${(median(tcpDriver) / median(tcpIperf)).toFixed(2)}x | |`);
console.log(`| UDP paced at ${options.udpMbit} Mbit/s: sent | ${median(udp.map((u) => u.sent)).toFixed(1)} Mbit/s | ${udp.map((u) => u.sent.toFixed(1)).join(', ')} |`);
console.log(`| UDP: received by the sink | ${median(udp.map((u) => u.received)).toFixed(1)} Mbit/s | ${udp.map((u) => u.received.toFixed(1)).join(', ')} |`);

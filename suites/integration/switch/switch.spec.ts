/**
 * The switch suite (issue 7): every *.vector.json here runs on the Linux
 * bridge and on Open vSwitch, each in a network namespace this run creates
 * and deletes. Without root or CAP_NET_ADMIN every test is skipped with
 * that reason. TOLLGATE_SWITCH_VECTORS=DIR runs the vectors of another
 * folder instead (broken/ holds two that fail on purpose).
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPacketTest, declareVectorTests } from 'tollgate/drivers/packet';
import { createSwitchTopology } from '../../../environments/local/switch/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const folder = process.env.TOLLGATE_SWITCH_VECTORS ? resolve(process.env.TOLLGATE_SWITCH_VECTORS) : here;
const vectors = readdirSync(folder).filter((f) => f.endsWith('.vector.json')).sort().map((f) => join(folder, f));

declareVectorTests(createPacketTest(createSwitchTopology), vectors);

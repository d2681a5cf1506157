// Test helper: samples every readable /proc/*/cmdline and /proc/*/environ in a worker thread (so sampling goes on
// while the main thread drives a login) and reports any that contain one of the needles.
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface SampleReport {
  /** Full passes over /proc. */
  passes: number;
  /** Distinct PIDs whose files were read. */
  pidsSeen: number;
  /** "<pid> cmdline|environ: <first 80 chars of the cmdline>" for every file that contained a needle. */
  hits: string[];
  /** Whether a given PID was ever seen (to prove the child was sampled). */
  seen(pid: number): boolean;
}

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const flag = new Int32Array(workerData.flag);
const needles = workerData.needles.map((s) => Buffer.from(s));
const seen = new Set();
const hits = new Set();
let passes = 0;
while (Atomics.load(flag, 0) === 0) {
  let names = [];
  try { names = fs.readdirSync('/proc'); } catch {}
  for (const name of names) {
    if (!/^[0-9]+$/.test(name)) continue;
    for (const file of ['cmdline', 'environ']) {
      let buf;
      try { buf = fs.readFileSync('/proc/' + name + '/' + file); } catch { continue; }
      seen.add(Number(name));
      if (needles.some((n) => buf.includes(n))) {
        let cmd = '';
        try { cmd = fs.readFileSync('/proc/' + name + '/cmdline').toString().split('\\0').join(' ').slice(0, 80); } catch {}
        hits.add(name + ' ' + file + ': ' + cmd);
      }
    }
  }
  passes++;
  if (passes === 1) parentPort.postMessage({ ready: true });
  Atomics.wait(flag, 0, 0, workerData.intervalMs);
}
parentPort.postMessage({ passes, seen: [...seen], hits: [...hits] });
`;

export interface Sampler {
  stop(): Promise<SampleReport>;
}

/** Starts sampling and resolves after the first full pass; `stop()` ends it and returns what was found. */
export async function startProcSampler(needles: string[], intervalMs = 3): Promise<Sampler> {
  const shared = new SharedArrayBuffer(4);
  const flag = new Int32Array(shared);
  const worker = new Worker(WORKER, { eval: true, workerData: { flag: shared, needles, intervalMs } });
  let ready: () => void = () => undefined;
  const firstPass = new Promise<void>((r) => (ready = r));
  const result = new Promise<SampleReport>((resolve, reject) => {
    worker.on('message', (m: { ready?: true; passes: number; seen: number[]; hits: string[] }) => {
      if (m.ready) return ready();
      const seen = new Set(m.seen);
      resolve({ passes: m.passes, pidsSeen: seen.size, hits: m.hits, seen: (pid) => seen.has(pid) });
    });
    worker.once('error', reject);
  });
  await Promise.race([firstPass, result]);
  return {
    async stop() {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      const r = await result;
      await worker.terminate();
      return r;
    },
  };
}

/** PIDs (not zombies) whose process group is `pgid`, read from /proc. */
export function liveGroupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ... ; comm may contain spaces, so parse after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') out.push(Number(name));
    } catch {
      // process ended while reading
    }
  }
  return out;
}

/** Waits up to `ms` for the group to have no live member; returns the survivors (empty = gone). */
export async function waitGroupGone(pgid: number, ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const live = liveGroupMembers(pgid);
    if (live.length === 0 || Date.now() > deadline) return live;
    await new Promise((r) => setTimeout(r, 20));
  }
}

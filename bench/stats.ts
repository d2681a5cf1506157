// Small helpers for the benchmark: timing, medians, interleaved rounds, process runs.
import { spawn } from 'node:child_process';

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function now(): number {
  return performance.now();
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = now();
  const value = await fn();
  return { ms: now() - start, value };
}

export interface Contender {
  name: string;
  /** Runs once and returns anything worth checking (e.g. an item count). */
  run(): Promise<number>;
  /** Rounds this contender takes part in (default all); slow contenders may skip some. */
  runs?: number;
}

export interface ContenderResult {
  name: string;
  samples: number[];
  median: number;
  /** The value `run()` returned (last run). */
  value: number;
}

/**
 * Runs the contenders round-robin (A B C, A B C, …, with the order rotated each round so no contender always
 * goes first) after one untimed warm-up round (unless the caller warmed up already), so background load hits every contender alike.
 */
/** A full collection between timed runs (when node runs with --expose-gc), so no run pays for another's garbage. */
export function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function interleave(
  contenders: Contender[],
  rounds: number,
  opts: { warmup?: boolean } = {},
): Promise<Map<string, ContenderResult>> {
  const out = new Map<string, ContenderResult>();
  for (const c of contenders) out.set(c.name, { name: c.name, samples: [], median: Number.NaN, value: Number.NaN });
  if (opts.warmup !== false) {
    for (const c of contenders) {
      if ((c.runs ?? rounds) > 0) out.get(c.name)!.value = await c.run();
    }
  }
  for (let round = 0; round < rounds; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
    for (const c of order) {
      if (round >= (c.runs ?? rounds)) continue;
      settle();
      const { ms, value } = await timed(() => c.run());
      const r = out.get(c.name)!;
      r.samples.push(ms);
      r.value = value;
    }
  }
  for (const r of out.values()) r.median = median(r.samples);
  return out;
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (optionally feeding stdin); never throws for a non-zero exit. */
export function runProcess(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; stdin?: string; cwd?: string; maxStdout?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    const max = opts.maxStdout ?? 512 * 1024 * 1024;
    child.stdout.on('data', (c: Buffer) => {
      outBytes += c.length;
      if (outBytes <= max) out.push(c);
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toFixed(digits);
}

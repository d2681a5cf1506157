// Push and retag budgets: `retag_calls` (a retag is one BatchGetImage and one PutImage, nothing else) and
// `push_overhead_vs_cli` (the extension's push path — planned command line, the project's runner, the summary
// look-up — against a bare `podman push` of a same-sized image to the same emulator, login cached for both).
// Each run pushes a fresh image (built beforehand under its target name, so neither contender needs a tag step).
import { Emulator } from '../test/emulator/emulator';
import { podmanSandbox, type PodmanSandbox } from '../test/servers/podman';
import { applyRetag, describeTag, EcrService, prepareRetag } from '../src/aws';
import { runCli } from '../src/login/cliRunner';
import { planPush, runPushFlow } from '../src/login/pushFlow';
import type { EcrRegistry, Repository } from '../src/model/types';
import { interleave, runProcess } from './stats';

export type AddMetric = (
  metric: string,
  value: number,
  unit: string,
  budget?: number | null,
  compare?: 'max' | 'min' | 'eq',
  opts?: { structural?: boolean; note?: string },
) => void;

const REPO = 'bench/push';

export async function benchPush(opts: { runs: number; add: AddMetric; log: (t: string) => void; env: NodeJS.ProcessEnv }): Promise<void> {
  const emulator = new Emulator();
  await emulator.listen();
  let sandbox: PodmanSandbox | undefined;
  const ecr = new EcrService({
    profiles: [],
    regions: ['us-east-1'],
    registryIds: [],
    endpoint: emulator.url,
    maxAttempts: 1,
    env: { ...opts.env, AWS_ACCESS_KEY_ID: 'AKIABENCHPUSH0000000', AWS_SECRET_ACCESS_KEY: 'bench' },
  });
  try {
    emulator.createRepository(REPO);
    const host = `127.0.0.1:${emulator.port}`;
    const registry: EcrRegistry = {
      kind: 'registry',
      type: 'ecr',
      id: 'ecr:default:us-east-1:123456789012',
      registryId: '123456789012',
      source: { region: 'us-east-1', endpoint: emulator.url },
      host,
      uri: `http://${host}`,
      own: true,
    };
    const repo: Repository = { kind: 'repository', parent: registry, name: REPO, uri: `${host}/${REPO}`, tagMutability: 'MUTABLE' };

    // retag_calls: every ECR call one retag makes.
    const [digest] = emulator.putImages(REPO, [{ tags: ['v1.4.2'] }]);
    emulator.resetCalls();
    await applyRetag(ecr, await prepareRetag(ecr, repo, digest, 'prod'));
    const calls = Object.values(emulator.calls()).reduce((s, n) => s + n, 0);
    opts.add('retag_calls', calls, 'calls', 2, 'eq', { structural: true, note: 'BatchGetImage + PutImage' });

    // push_overhead_vs_cli
    sandbox = await podmanSandbox(opts.env);
    const sb = sandbox;
    const login = await sb.run(['login', '--username', 'AWS', '--password-stdin', '--tls-verify=false', host], emulator.passwordFor());
    if (login.code !== 0) throw new Error(`podman login failed: ${login.stderr}`);
    const total = opts.runs + 1; // + the warm-up round
    opts.log(`push: building ${2 * total} scratch images`);
    const refs = { ext: [] as string[], bare: [] as string[] };
    for (let i = 0; i < total; i++) {
      for (const k of ['ext', 'bare'] as const) {
        const ref = `${host}/${REPO}:${k}-${i}`;
        await sb.buildScratch(ref, `${k} ${i} ${Date.now()}\n`.padEnd(2048, '.'));
        refs[k].push(ref);
      }
    }
    let e = 0;
    let b = 0;
    const results = await interleave(
      [
        {
          name: 'extension push (runner + summary)',
          run: async () => {
            const ref = refs.ext[e++];
            const plan = planPush({
              cli: 'podman',
              executable: sb.podman,
              extraArgs: sb.globalArgs,
              plainHttp: true,
              targetRef: ref,
              localRef: ref,
            });
            await runPushFlow(plan, {
              run: (step) => runCli(step.command, undefined, { cli: 'podman', env: sb.env, timeoutMs: 60000, onOutput: () => undefined }),
              renewLogin: () => Promise.resolve(false),
            });
            const pushed = await describeTag(ecr, repo, ref.slice(ref.lastIndexOf(':') + 1));
            if (!pushed) throw new Error(`not pushed: ${ref}`);
            return pushed.sizeBytes ?? 0;
          },
        },
        {
          name: 'bare podman push',
          run: async () => {
            const ref = refs.bare[b++];
            const r = await runProcess(sb.podman, [...sb.globalArgs, 'push', '--tls-verify=false', ref], { env: sb.env });
            if (r.code !== 0) throw new Error(`podman push failed: ${r.stderr}`);
            return 0;
          },
        },
      ],
      opts.runs,
    );
    const ext = results.get('extension push (runner + summary)')!.median;
    const bare = results.get('bare podman push')!.median;
    opts.add('push_ms', ext, 'ms');
    opts.add('push_bare_podman_ms', bare, 'ms');
    opts.add('push_overhead_vs_cli', ext / bare, 'ratio', 1.25, 'max');
  } finally {
    ecr.dispose();
    sandbox?.dispose();
    await emulator.close();
  }
}

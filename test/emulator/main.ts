// CLI: run the ECR emulator as a process.
//   node --import tsx test/emulator/main.ts [--port N] [--seed demo|none] [--scale-repos N] [--scale-images N]
//        [--token-lifetime-ms MS]
// Prints one JSON line {url, controlUrl, ...} on stdout when ready; stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { Emulator } from './emulator';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      seed: { type: 'string', default: 'demo' },
      'scale-repos': { type: 'string' },
      'scale-images': { type: 'string' },
      'token-lifetime-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write('usage: main.ts [--port N] [--seed demo|none] [--scale-repos N] [--scale-images N] [--token-lifetime-ms MS]\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  if (values.seed !== 'demo' && values.seed !== 'none') throw new Error(`--seed must be demo or none, got ${values.seed}`);
  const lifetime = values['token-lifetime-ms'] !== undefined ? Number(values['token-lifetime-ms']) : undefined;
  const emulator = new Emulator({ port, seed: values.seed === 'demo' ? 'demo' : undefined, tokenLifetimeMs: lifetime });
  if (values['scale-repos']) emulator.seedScale({ repositories: Number(values['scale-repos']) });
  if (values['scale-images']) emulator.seedScale({ images: Number(values['scale-images']), repository: 'scale/images' });
  await emulator.listen();
  process.stdout.write(
    JSON.stringify({ url: emulator.url, controlUrl: emulator.controlUrl, host: `127.0.0.1:${emulator.port}`, pid: process.pid }) + '\n',
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`ecr emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});

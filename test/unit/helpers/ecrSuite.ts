// The setup of a suite on a local ECR (the emulator or moto_server): a sandboxed AWS environment and the server,
// started before the suite and stopped after it, and services on that server disposed with it.
import { strict as assert } from 'node:assert';
import type { EcrService, ExplorerConfig } from '../../../src/aws';
import type { EcrRegistry } from '../../../src/model/types';
import { startEmulator, type EmulatorServer } from '../../servers';
import { EMULATOR_KEYS, localEcrService, makeSandbox, ownRegistry, withProcessEnv, type AwsSandbox } from './awsHelpers';

export interface EcrSuite<S> {
  /** The server (started in the suite's first before hook). */
  readonly server: S;
  readonly sandbox: AwsSandbox;
  /** A service on the server with the suite's keys and defaults (`extra` overrides them), disposed after the suite. */
  service(extra?: Partial<ExplorerConfig>): EcrService;
  /** Runs `fn` with process.env holding the sandbox's environment (the SDK reads HOME and endpoints from it). */
  inEnv<T>(fn: () => Promise<T>): Promise<T>;
  /** The caller's own registry as `service` lists it. */
  ownRegistry(service: EcrService): Promise<EcrRegistry>;
}

/** Registers the suite's before/after hooks; call it first inside `describe`. */
export function ecrSuite<S extends { url: string; stop(): Promise<void> }>(
  start: () => Promise<S>,
  keys: Record<string, string>,
  defaults: Partial<ExplorerConfig> = {},
): EcrSuite<S> {
  let server: S | undefined;
  let sandbox: AwsSandbox | undefined;
  const services: EcrService[] = [];
  before(async () => {
    sandbox = makeSandbox();
    server = await start();
  });
  after(async () => {
    for (const s of services) s.dispose();
    sandbox?.remove();
    await server?.stop();
  });
  const suite: EcrSuite<S> = {
    get server(): S {
      assert.ok(server, 'the server is started in before()');
      return server;
    },
    get sandbox(): AwsSandbox {
      assert.ok(sandbox, 'the sandbox is made in before()');
      return sandbox;
    },
    service(extra = {}) {
      const s = localEcrService(suite.server.url, { ...suite.sandbox.env, ...keys }, { ...defaults, ...extra });
      services.push(s);
      return s;
    },
    inEnv: (fn) => withProcessEnv(suite.sandbox.env, fn),
    ownRegistry: (s) => ownRegistry(s, suite.sandbox.env),
  };
  return suite;
}

/** A suite on the ECR emulator (10 s request timeout), its state, faults and call counts reset before each test. */
export function emulatorSuite(keys: Record<string, string> = EMULATOR_KEYS): EcrSuite<EmulatorServer> {
  const suite = ecrSuite(() => startEmulator(), keys, { requestTimeoutMs: 10_000 });
  beforeEach(() => {
    suite.server.emulator.reset();
    suite.server.emulator.clearFaults();
    suite.server.emulator.resetCalls();
  });
  return suite;
}

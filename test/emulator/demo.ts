// The demo data set behind `npm start`: two accounts, two regions, namespaced repositories, single- and
// multi-arch images, many tags, untagged images and scan findings.
import type { ImageSeed, RepositorySeed, SeedSpec } from './types';

export const DEMO_ACCOUNTS = { prod: '123456789012', dev: '210987654321' } as const;
export const DEMO_REGIONS = ['us-east-1', 'eu-west-1'] as const;

/** Access key ids the demo's ~/.aws/credentials can use (any secret works): one per account. */
export const DEMO_ACCESS_KEYS: Record<string, string> = {
  AKIAEMULATORPROD0001: DEMO_ACCOUNTS.prod,
  AKIAEMULATORDEV00002: DEMO_ACCOUNTS.dev,
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MULTI = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

function versions(now: number, count: number, opts: { prefix?: string; findingsEvery?: number } = {}): ImageSeed[] {
  const images: ImageSeed[] = [];
  for (let i = 1; i <= count; i++) {
    const tags = [`${opts.prefix ?? ''}1.${Math.floor(i / 10)}.${i % 10}`];
    if (i === count) tags.push('latest', 'stable');
    images.push({
      tags,
      pushedAt: now - (count - i) * 7 * HOUR,
      lastRecordedPullTime: i % 3 === 0 ? undefined : now - (count - i) * 2 * HOUR,
      sizeBytes: 48_000_000 + i * 137_911,
      scan:
        opts.findingsEvery && i % opts.findingsEvery === 0
          ? { findings: { CRITICAL: i % 2, HIGH: 3, MEDIUM: 7, LOW: 12, INFORMATIONAL: 4 } }
          : { findings: {} },
    });
  }
  return images;
}

export function demoSeed(now: number): SeedSpec {
  const prod = DEMO_ACCOUNTS.prod;
  const dev = DEMO_ACCOUNTS.dev;
  const repositories: RepositorySeed[] = [
    {
      accountId: prod,
      region: 'us-east-1',
      name: 'team/api',
      scanOnPush: true,
      createdAt: now - 400 * DAY,
      images: [
        ...versions(now, 42, { findingsEvery: 5 }),
        { pushedAt: now - 30 * DAY, sizeBytes: 51_200_000 },
        { pushedAt: now - 31 * DAY, sizeBytes: 50_900_000 },
      ],
    },
    {
      accountId: prod,
      region: 'us-east-1',
      name: 'team/web',
      createdAt: now - 300 * DAY,
      images: [
        {
          tags: ['latest', '2.4.0'],
          platforms: MULTI,
          pushedAt: now - 2 * HOUR,
          lastRecordedPullTime: now - 20 * 60_000,
          scan: { findings: { HIGH: 1, MEDIUM: 2 } },
        },
        { tags: ['2.3.1'], platforms: MULTI, pushedAt: now - 9 * DAY },
        { tags: ['2.3.0'], pushedAt: now - 20 * DAY, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' },
      ],
    },
    {
      accountId: prod,
      region: 'us-east-1',
      name: 'team/worker',
      tagMutability: 'IMMUTABLE',
      createdAt: now - 200 * DAY,
      images: versions(now, 8, { prefix: 'v' }),
    },
    {
      accountId: prod,
      region: 'us-east-1',
      name: 'platform/base-images/node',
      createdAt: now - 500 * DAY,
      images: [
        {
          tags: ['20', '20-bookworm', 'lts'],
          mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
          platforms: [...MULTI, { os: 'linux', architecture: 'arm', variant: 'v7' }],
          pushedAt: now - 3 * DAY,
          scan: { findings: { CRITICAL: 2, HIGH: 5, MEDIUM: 11, LOW: 30 } },
        },
        {
          tags: ['18'],
          mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
          platforms: MULTI,
          pushedAt: now - 90 * DAY,
        },
      ],
    },
    {
      accountId: prod,
      region: 'us-east-1',
      name: 'platform/base-images/python',
      createdAt: now - 500 * DAY,
      images: [{ tags: ['3.12', 'latest'], platforms: MULTI, pushedAt: now - 5 * DAY, scan: { status: 'IN_PROGRESS' } }],
    },
    { accountId: prod, region: 'us-east-1', name: 'sandbox/empty', createdAt: now - 2 * DAY, images: [] },
    {
      // A long-lived image with a long findings list (5,000 basic findings: five pages of DescribeImageScanFindings).
      accountId: prod,
      region: 'us-east-1',
      name: 'team/legacy-monolith',
      createdAt: now - 900 * DAY,
      images: [
        {
          tags: ['5.4.0', 'latest'],
          pushedAt: now - 40 * DAY,
          scan: { findings: { CRITICAL: 60, HIGH: 640, MEDIUM: 1900, LOW: 1900, INFORMATIONAL: 500 } },
        },
        { tags: ['5.3.9'], pushedAt: now - 75 * DAY },
      ],
    },
    {
      accountId: prod,
      region: 'eu-west-1',
      name: 'team/api',
      createdAt: now - 100 * DAY,
      images: versions(now, 6),
    },
    {
      accountId: prod,
      region: 'eu-west-1',
      name: 'ml/inference',
      createdAt: now - 60 * DAY,
      images: [
        { tags: ['gpu-2024.06'], sizeBytes: 4_800_000_000, pushedAt: now - 40 * DAY, scan: { status: 'UNSUPPORTED_IMAGE' } },
        { tags: ['cpu-2024.06'], sizeBytes: 900_000_000, pushedAt: now - 40 * DAY },
      ],
    },
    {
      accountId: dev,
      region: 'us-east-1',
      name: 'team/api',
      createdAt: now - 90 * DAY,
      images: [...versions(now, 15, { prefix: 'dev-' }), { pushedAt: now - 1 * DAY }],
    },
    {
      accountId: dev,
      region: 'us-east-1',
      name: 'experiments/feature-x',
      createdAt: now - 10 * DAY,
      images: [
        {
          tags: ['pr-101', 'pr-101-sha-3f9c2e1'],
          pushedAt: now - 6 * HOUR,
          // The dev account's us-east-1 registry uses enhanced scanning (Amazon Inspector), see registryScanning below.
          scan: { type: 'ENHANCED', status: 'ACTIVE', findings: { CRITICAL: 1, HIGH: 4, MEDIUM: 9, LOW: 6, UNDEFINED: 2 } },
        },
        { pushedAt: now - 7 * HOUR },
      ],
    },
    {
      accountId: dev,
      region: 'eu-west-1',
      name: 'team/web',
      createdAt: now - 30 * DAY,
      images: [{ tags: ['latest'], platforms: MULTI, pushedAt: now - 1 * DAY }],
    },
  ];
  return {
    repositories,
    registryScanning: [
      {
        accountId: dev,
        region: 'us-east-1',
        scanType: 'ENHANCED',
        rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }],
      },
    ],
  };
}

/** The demo's large repository (paged listing with "load more"): virtual images in prod/us-east-1. */
export const DEMO_SCALE = { repository: 'perf/many-images', images: 2_500 } as const;

// The Repository Settings pick [vscode] (command in src/commands/repositorySettings.ts): shows tag mutability (with
// exclusion filters), scan on push, encryption and creation time, and changes the first two. A change that leaves
// fewer tags overwritable asks first.
import * as vscode from 'vscode';
import type { RepositorySettings, TagMutability } from '../aws/index';
import type { Repository } from '../model/types';
import { MUTABILITIES, hasExclusions, narrowsMutability, parseExclusionFilters, type Mutability } from './settingsModel';
import { errorWithLog, describeError } from '../services/errors';
import type { Services } from '../services/services';

type Choice = 'mutability' | 'scanOnPush' | 'info';

function mutabilityText(m: string): string {
  switch (m) {
    case 'MUTABLE':
      return vscode.l10n.t('Mutable: tags can be moved to another image');
    case 'IMMUTABLE':
      return vscode.l10n.t('Immutable: tags can never be moved');
    case 'MUTABLE_WITH_EXCLUSION':
      return vscode.l10n.t('Mutable, except tags matching the filters');
    case 'IMMUTABLE_WITH_EXCLUSION':
      return vscode.l10n.t('Immutable, except tags matching the filters');
    default:
      return m;
  }
}

async function askFilters(services: Services, mutability: Mutability, current: readonly string[]): Promise<string[] | undefined> {
  const value = await services.ui.input({
    title: mutabilityText(mutability),
    prompt:
      mutability === 'IMMUTABLE_WITH_EXCLUSION'
        ? vscode.l10n.t('Tags matching these wildcard filters stay mutable (comma-separated, up to 5, e.g. dev-*, latest)')
        : vscode.l10n.t('Tags matching these wildcard filters become immutable (comma-separated, up to 5, e.g. release-*, v*)'),
    value: current.join(', '),
    ignoreFocusOut: true,
    validateInput: (v) => {
      const parsed = parseExclusionFilters(v);
      if ('tooMany' in parsed) return vscode.l10n.t('At most 5 filters ({0} given).', parsed.tooMany);
      if ('invalid' in parsed) {
        return parsed.invalid
          ? vscode.l10n.t('“{0}” is not a filter: use letters, digits, . _ - and * (up to 128 characters).', parsed.invalid)
          : vscode.l10n.t('Enter at least one filter.');
      }
      return undefined;
    },
  });
  if (value === undefined) return undefined;
  const parsed = parseExclusionFilters(value);
  return 'filters' in parsed ? parsed.filters : undefined;
}

async function changeMutability(services: Services, repo: Repository, settings: RepositorySettings): Promise<boolean> {
  const to = await services.ui.pickOne<Mutability>(
    MUTABILITIES.map((m) => ({
      label: m,
      description: mutabilityText(m),
      ...(m === settings.tagMutability ? { detail: vscode.l10n.t('current setting') } : {}),
      value: m,
    })),
    { title: vscode.l10n.t('Tag mutability of {0}', repo.uri) },
  );
  if (!to) return false;
  let filters: string[] = [];
  if (hasExclusions(to)) {
    const asked = await askFilters(services, to, to === settings.tagMutability ? settings.exclusionFilters : []);
    if (!asked) return false;
    filters = asked;
  }
  if (to === settings.tagMutability && filters.join(',') === settings.exclusionFilters.join(',')) return false;
  if (narrowsMutability(settings.tagMutability, settings.exclusionFilters, to, filters)) {
    const change = vscode.l10n.t('Change');
    const answer = await services.ui.warn(
      vscode.l10n.t('Make more tags of {0} immutable?', repo.uri),
      {
        modal: true,
        detail: vscode.l10n.t(
          'From {0} to {1}. Pushes that move an affected tag (for example latest) will fail with ImageTagAlreadyExistsException.',
          [settings.tagMutability, ...settings.exclusionFilters].join(' '),
          [to, ...filters].join(' '),
        ),
      },
      change,
    );
    if (answer !== change) return false;
  }
  await services.ui.withProgress(vscode.l10n.t('Changing the tag mutability of {0}…', repo.uri), (signal) =>
    services.ecr().policies.putTagMutability(repo, to as TagMutability, filters, signal),
  );
  services.ui.flash(vscode.l10n.t('Tag mutability of {0}: {1}', repo.uri, to), undefined, 'check');
  return true;
}

export async function repositorySettingsPick(services: Services, repo: Repository): Promise<boolean> {
  if (repo.parent.type !== 'ecr') {
    void services.ui.info(vscode.l10n.t('Repository settings are only available for ECR repositories.'));
    return false;
  }
  try {
    const settings = await services.ui.withProgress(vscode.l10n.t('Reading the settings of {0}…', repo.uri), (signal) =>
      services.ecr().policies.getRepositorySettings(repo, signal),
    );
    const yes = vscode.l10n.t('on');
    const no = vscode.l10n.t('off');
    const choice = await services.ui.pickOne<Choice>(
      [
        {
          label: vscode.l10n.t('Tag mutability: {0}', settings.tagMutability),
          description: settings.exclusionFilters.length ? settings.exclusionFilters.join(', ') : undefined,
          detail: mutabilityText(settings.tagMutability),
          value: 'mutability',
        },
        {
          label: vscode.l10n.t('Scan on push: {0}', settings.scanOnPush ? yes : no),
          detail: settings.scanOnPush
            ? vscode.l10n.t('Choose to stop scanning new images when they are pushed')
            : vscode.l10n.t('Choose to scan new images for vulnerabilities when they are pushed'),
          value: 'scanOnPush',
        },
        {
          label: vscode.l10n.t('Encryption: {0}', settings.encryptionType ?? 'AES256'),
          description: settings.kmsKey,
          detail: vscode.l10n.t('Set when the repository was created; it cannot be changed'),
          value: 'info',
        },
        {
          label: vscode.l10n.t('Created: {0}', settings.createdAt ? settings.createdAt.toLocaleString() : '—'),
          value: 'info',
        },
      ],
      { title: vscode.l10n.t('Settings of {0}', repo.uri) },
    );
    if (!choice || choice === 'info') return false;
    if (choice === 'mutability') {
      const changed = await changeMutability(services, repo, settings);
      if (changed) services.tree.refresh(repo.parent as Repository['parent']);
      return changed;
    }
    const next = !settings.scanOnPush;
    await services.ui.withProgress(vscode.l10n.t('Changing scan on push of {0}…', repo.uri), (signal) =>
      services.ecr().policies.putScanOnPush(repo, next, signal),
    );
    services.ui.flash(vscode.l10n.t('Scan on push of {0}: {1}', repo.uri, next ? yes : no), undefined, 'check');
    services.tree.refresh(repo.parent as Repository['parent']);
    return true;
  } catch (err) {
    services.log.error(`Repository settings of ${repo.name} failed`, err);
    void errorWithLog(services, vscode.l10n.t('Could not change the settings of {0}: {1}', repo.uri, describeError(err)));
    return false;
  }
}

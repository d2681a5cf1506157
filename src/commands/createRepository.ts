// ECR: Create Repository… — validated name, tag mutability and scan on push; the registry refreshes afterwards.
import * as vscode from 'vscode';
import { renderMessage } from '../l10n/render';
import { describeError } from '../services/errors';
import type { EcrRegistry, Repository } from '../model/types';
import { pickEcrRegistry } from '../tree/pickNode';
import { treeNode } from '../tree/nodeArgs';
import type { ExplorerServices } from '../services/services';

export interface CreateRepositoryInput {
  name: string;
  tagMutability: 'MUTABLE' | 'IMMUTABLE';
  scanOnPush: boolean;
}

export async function createRepository(services: ExplorerServices, arg?: unknown): Promise<Repository | undefined> {
  const n = treeNode(services, arg);
  const registry: EcrRegistry | undefined =
    n?.kind === 'registry' && n.type === 'ecr'
      ? n
      : n?.kind === 'repository' && n.parent.type === 'ecr'
        ? n.parent
        : await pickEcrRegistry(services);
  if (!registry) return undefined;
  const input = await ask(services, registry);
  if (!input) return undefined;
  try {
    const repo = await services.ui.withProgress(vscode.l10n.t('Creating {0}…', `${registry.host}/${input.name}`), () =>
      services.ecr().createRepository(registry, input.name, { tagMutability: input.tagMutability, scanOnPush: input.scanOnPush }),
    );
    services.ui.flash(vscode.l10n.t('Created {0}', repo.uri), undefined, 'check');
    return repo;
  } catch (err) {
    services.log.error(`Creating repository ${input.name} failed`, err);
    void services.ui.error(vscode.l10n.t('Could not create {0}: {1}', input.name, describeError(err)));
    return undefined;
  } finally {
    services.tree.refresh(registry);
  }
}

async function ask(services: ExplorerServices, registry: EcrRegistry): Promise<CreateRepositoryInput | undefined> {
  const validate = services.aws().validateRepositoryName;
  const name = await services.ui.input({
    title: vscode.l10n.t('Create Repository in {0} (1/3): name', registry.host),
    prompt: vscode.l10n.t('Lower-case letters, digits and . _ - separators; use / for namespaces, e.g. team/app'),
    placeHolder: 'team/app',
    validateInput: (value) => {
      if (value.trim() === '') return vscode.l10n.t('Enter a name.');
      const invalid = validate(value.trim());
      return invalid && renderMessage(invalid);
    },
    ignoreFocusOut: true,
  });
  if (name === undefined || validate(name.trim()) !== undefined) return undefined;
  const tagMutability = await services.ui.pickOne<'MUTABLE' | 'IMMUTABLE'>(
    [
      { label: vscode.l10n.t('Mutable tags'), description: vscode.l10n.t('a tag can be pushed again'), value: 'MUTABLE' },
      {
        label: vscode.l10n.t('Immutable tags'),
        description: vscode.l10n.t('a tag, once pushed, always names the same image'),
        value: 'IMMUTABLE',
      },
    ],
    { title: vscode.l10n.t('Create Repository (2/3): tag mutability') },
  );
  if (!tagMutability) return undefined;
  const scanOnPush = await services.ui.pickOne<boolean>(
    [
      { label: vscode.l10n.t('Scan on push'), description: vscode.l10n.t('basic scanning of every pushed image'), value: true },
      { label: vscode.l10n.t('No scan on push'), value: false },
    ],
    { title: vscode.l10n.t('Create Repository (3/3): image scanning') },
  );
  if (scanOnPush === undefined) return undefined;
  return { name: name.trim(), tagMutability, scanOnPush };
}

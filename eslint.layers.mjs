// The layers of src/ that eslint.config.mjs enforces: which files are pure (never import vscode, loaded by the unit
// tier in plain Node) and which files are a feature folder's vscode side. test/unit/layering.test.ts checks these
// lists against the imports in src/: every entry names a file, no pure file reaches vscode through its imports,
// and every file that never reaches vscode is listed here.

/** Folders whose every file is pure. */
export const PURE_FOLDERS = ['aws', 'registry', 'model'];

/** The pure files of the other folders, without `.ts` (an entry may be a glob below the folder, e.g. `webview/**\/*`). */
export const PURE_FILES = {
  tree: ['format', 'nodeIds', 'pagedList', 'repositoryImages', 'listings', 'reveal', 'producedNodes'],
  status: ['statusText'],
  token: ['loginRecords', 'tokenCache', 'expiry', 'genericSecrets'],
  services: ['settingsReader'],
  l10n: ['render'],
  commands: ['commandIds', 'load'],
  login: [
    'cliBase',
    'commandLines',
    'cliRunner',
    'cliFailures',
    'cliDiscovery',
    'cliConfig',
    'configFile',
    'credHelperBase',
    'credHelperConfig',
    'credHelperHosts',
    'credHelperLoad',
    'credHelperSetup',
    'credHelperState',
    'credHelperTool',
    'localImages',
    'pushCommands',
    'pushFlow',
    'gitRevision',
  ],
  scan: ['export', 'findingOrder', 'messages', 'model', 'normalize', 'reportProtocol', 'rollup', 'scanning', 'webview/**/*'],
  references: [
    'backgroundVersions',
    'batches',
    'commandArgs',
    'dockerfileScanner',
    'ecrHost',
    'hoverContent',
    'imageReference',
    'imageText',
    'load',
    'referenceIndex',
    'referenceProblems',
    'repositoryReader',
    'resolution',
    'scanner',
    'stringLiteralScanner',
    'tagVersions',
    'yamlScanner',
  ],
  policies: ['ecrActions', 'load', 'policyRepository', 'policyUri', 'previewSummary', 'settingsModel', 'templates', 'validate'],
};

/** The vscode side of each feature folder: no other feature folder imports it. */
export const FEATURE_VSCODE = {
  tree: ['registryTree', 'sources', 'treeItems', 'treeRows', 'pickNode', 'nodeArgs'],
  login: [
    'loginTerminal',
    'loginFlow',
    'renew',
    'credHelperWatch',
    'credHelperFlow',
    'credHelperBundle',
    'pushTerminal',
    'pushUi',
    'userCli',
  ],
  status: ['expiryStatusBar'],
};

/** Folders whose files get the dependency rules (src/commands/ has its own, see eslint.config.mjs). */
export const RULED_FOLDERS = [
  'aws',
  'registry',
  'model',
  'services',
  'token',
  'l10n',
  'tree',
  'login',
  'status',
  'scan',
  'references',
  'policies',
];

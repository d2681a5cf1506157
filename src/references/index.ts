// Entry of the lazily loaded references bundle (dist/references.js): the scanner and its YAML parser, the resolver
// and the providers, required for the first document that names an ECR host, never at activation.
export { ImageReferences } from './imageReferences';
export { ReferenceIndex } from './referenceIndex';
export { fileKindOf, scanReferences } from './scanner';

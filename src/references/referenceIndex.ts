// The references of each open document, scanned once per document version [pure]. Closed documents are forgotten.
import { scanReferences, fileKindOf, type ScanResult } from './scanner';

export interface ScannableDocument {
  /** A stable key (the document URI as a string). */
  readonly key: string;
  readonly fileName: string;
  readonly languageId?: string;
  readonly version: number;
  getText(): string;
}

const EMPTY: ScanResult = { references: [], truncated: false };

export class ReferenceIndex {
  private readonly entries = new Map<string, { version: number; result: ScanResult }>();

  /** The document's references (scanned now if its version changed); empty for files that are not scanned. */
  get(doc: ScannableDocument): ScanResult {
    const known = this.entries.get(doc.key);
    if (known && known.version === doc.version) return known.result;
    const kind = fileKindOf(doc.fileName, doc.languageId);
    const result = kind ? scanReferences(doc.getText(), kind) : EMPTY;
    this.entries.set(doc.key, { version: doc.version, result });
    return result;
  }

  /** The last scan of a document without scanning again (undefined when it was never scanned). */
  peek(key: string): ScanResult | undefined {
    return this.entries.get(key)?.result;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  clear(): void {
    this.entries.clear();
  }
}

// The scan domain's structured messages (ids and their arguments); src/l10n/scanMessages.ts renders them.
import { message, type Message } from '../model/message';

export type ScanMessageId =
  /** args: image reference. */
  | 'scan.neverScanned'
  /** args: image reference, ISO time after which a manual scan is allowed again. */
  | 'scan.limit'
  /** args: image reference. */
  | 'scan.limitUnknown'
  /** args: image reference, server description. */
  | 'scan.unsupported'
  /** args: image reference. */
  | 'scan.manualUnavailable'
  /** args: image reference, server description. */
  | 'scan.failed'
  /** args: image reference, minutes waited. */
  | 'scan.waitTimeout';

export function scanMessage(id: ScanMessageId, ...args: Array<string | number>): Message<ScanMessageId> {
  return message(id, ...args);
}

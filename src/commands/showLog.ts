// ECR: Show Log — the ECR Explorer output channel.
import type { ExplorerServices } from '../services/services';

export function showLog(services: ExplorerServices): void {
  services.log.show(true);
}

// The error every emulated ECR operation throws (type = the `__type` of the JSON 1.1 error body), shared by the
// operation tables (ecrApi.ts and the ops*.ts files) without an import cycle.

export class EcrError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function invalid(field: string, constraint: string): EcrError {
  return new EcrError('InvalidParameterException', `Invalid parameter at '${field}' failed to satisfy constraint: '${constraint}'`);
}

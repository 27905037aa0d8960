/** RFC 9457 problem details as the API sends them (apps/api/src/http/problem.ts), in the user's language. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  correlationId?: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly response?: Response,
  ) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }

  static network(cause: unknown): ApiError {
    const e = new ApiError(0, { type: 'about:blank', title: 'network', status: 0, detail: String(cause) });
    return e;
  }

  get code(): string | undefined {
    return this.problem.code;
  }

  get fieldErrors(): { field: string; message: string }[] {
    return this.problem.errors ?? [];
  }

  /** 409 or 412: someone else changed the resource first (UI.md §1.6 reload dialog). */
  get isConflict(): boolean {
    return this.status === 409 || this.status === 412;
  }

  get retryAfterSeconds(): number | null {
    const v = this.response?.headers.get('retry-after');
    if (!v) return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

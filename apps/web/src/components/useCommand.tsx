import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { useRef } from 'react';
import { newIdempotencyKey } from '../api/client';
import { ApiError, isApiError } from '../api/problem';
import { useI18n } from '../i18n/locale';

/** `fields.hours` → ['fields', 'hours']; `evidence[2]` → ['evidence', 2] (antd's name paths). */
export function namePath(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function hasPath(values: unknown, path: (string | number)[]): boolean {
  let cur: unknown = values;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || !(p in (cur as object))) return false;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return true;
}

/**
 * Puts a 400's `errors[]` under the fields they name (UI.md §1.6), scrolls to the first, and returns
 * those that match no field on the form (the caller shows them above the form).
 */
export function applyFieldErrors(form: FormInstance, error: ApiError): { field: string; message: string }[] {
  const registered = form.getFieldsValue();
  const matched: { name: (string | number)[]; errors: string[] }[] = [];
  const rest: { field: string; message: string }[] = [];
  for (const e of error.fieldErrors) {
    const name = namePath(e.field);
    // A message about a part of a field (`fields.hours`) goes under the deepest field the form has.
    let target = name;
    while (target.length > 0 && !hasPath(registered, target)) target = target.slice(0, -1);
    if (target.length === 0) rest.push(e);
    else {
      const existing = matched.find((m) => m.name.join('.') === target.join('.'));
      if (existing) existing.errors.push(e.message);
      else matched.push({ name: target, errors: [e.message] });
    }
  }
  form.setFields(matched);
  if (matched[0]) form.scrollToField(matched[0].name, { focus: true, block: 'center' });
  return rest;
}

export interface CommandOptions<V, D> {
  run: (vars: V, idempotencyKey: string) => Promise<D>;
  /** A form whose fields receive a 400's field errors. */
  form?: FormInstance;
  /** Queries to refetch after success (and after "reload" on a conflict). */
  invalidate?: QueryKey[];
  onSuccess?: (data: D, vars: V) => void;
  /** The toast after success; false for none. Default 「操作成功」. */
  successMessage?: string | false;
}

/**
 * One command from a page (UI.md §1.6–§1.8): the button shows loading and ignores repeat clicks; one
 * Idempotency-Key per opened form, reused when the same submit is retried; a 400 lands under its fields;
 * a 409/412 opens the reload dialog; 413 and outages get their message; a refusal (403/404/422) is left
 * in `error` for the page to show beside the form with <ProblemAlert>.
 */
export function useCommand<V = void, D = unknown>(options: CommandOptions<V, D>) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const key = useRef(newIdempotencyKey());

  const refetch = () =>
    Promise.all((options.invalidate ?? []).map((k) => queryClient.invalidateQueries({ queryKey: k })));

  const mutation = useMutation<D, ApiError, V>({
    mutationFn: (vars) => options.run(vars, key.current),
    onSuccess: async (data, vars) => {
      key.current = newIdempotencyKey();
      await refetch();
      if (options.successMessage !== false) void message.success(options.successMessage ?? t.common.done);
      options.onSuccess?.(data, vars);
    },
    onError: (err) => {
      if (!isApiError(err)) return;
      if (err.status === 400 && options.form) {
        applyFieldErrors(options.form, err);
        void message.error(t.errors.formSummary(Math.max(1, err.fieldErrors.length)));
      } else if (err.isConflict) {
        modal.confirm({
          title: t.errors.conflictTitle,
          content: t.errors.conflict,
          okText: t.common.reload,
          cancelText: t.common.cancel,
          onOk: () => {
            key.current = newIdempotencyKey();
            return refetch();
          },
        });
      } else if (err.status === 413) void message.error(t.errors.tooLarge);
      else if (err.status === 0) void message.error(t.errors.network);
      else if (err.status >= 500) void message.error(t.errors.unavailable(err.problem.correlationId ?? '—'));
    },
  });
  return mutation;
}

/** Whether an error belongs in the refusal alert beside a form (not handled by a dialog or a toast). */
export function isRefusal(err: unknown): err is ApiError {
  return isApiError(err) && [400, 403, 404, 422, 428, 429].includes(err.status);
}

/**
 * The rejection of a form's own validation: antd already shows each message under its field, so there
 * is nothing more to do — but it must be handled, or the browser reports an uncaught rejection.
 */
export const invalidShown = (): void => undefined;

import { arr, dateTime, int, named, nullable, obj, oneOf, str, uuid } from '../http/openapi-schema.js';

// What the import endpoints answer (imports.controller.ts; UI.md §1.10).

const issue = obj({
  line: int({
    minimum: 1,
    description: '行号: the row number in the file as the office sees it (the header is row 1).',
  }),
  column: str({ description: '列: the column header, without *.' }),
  value: str({ description: '填写值: what the cell holds.' }),
  code: str({ description: 'The problem code (the same as the forms and deciders raise).' }),
  message: str({ description: '问题: the problem in the request’s language.' }),
});

export const ImportDryRun = named(
  'ImportDryRun',
  obj({
    kind: oneOf(['users', 'hours']),
    format: oneOf(['xlsx', 'csv']),
    total: int({
      minimum: 0,
      description: 'Rows below the header (the example row and empty rows left out).',
    }),
    ready: int({ minimum: 0, description: '可导入: rows the import would write.' }),
    skipped: int({
      minimum: 0,
      description: '已存在将跳过: rows already recorded (by username, or teacher and source).',
    }),
    invalid: int({ minimum: 0, description: '有误: rows with at least one problem.' }),
    issues: arr(issue, { description: 'Every problem of every bad row, by row then column.' }),
  }),
);

export const ImportJob = named(
  'ImportJob',
  obj({
    id: uuid(),
    kind: oneOf(['users', 'hours']),
    status: oneOf(['running', 'done', 'interrupted'], {
      description: 'interrupted: the process running it stopped; import the same file again to finish it.',
    }),
    fileName: nullable(str()),
    total: int({ minimum: 0 }),
    processed: int({ minimum: 0, description: 'Rows done so far, skipped ones included (the progress).' }),
    created: int({ minimum: 0, description: '新增' }),
    skipped: int({ minimum: 0, description: '跳过: already recorded before or during the import.' }),
    failed: int({ minimum: 0, description: 'Rows a decider refused at the time of writing.' }),
    failures: arr(obj({ line: int({ minimum: 1 }), code: str(), message: str() })),
    startedAt: dateTime(),
    finishedAt: nullable(dateTime()),
  }),
);

export const ImportJobList = named('ImportJobList', obj({ items: arr(ImportJob) }));

export const Spreadsheet = str({ format: 'binary', description: 'An .xlsx workbook.' });

import type ExcelJS from 'exceljs';
import { ValidationProblem } from '../http/problem.js';

/**
 * ExcelJS and what it pulls in (~350 modules) are loaded on the first workbook, not at start-up: only
 * imports and report exports use them (BENCHMARKS.md S1, the cold start).
 */
const loadExcel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;

/**
 * Spreadsheets in and out for the office's bulk imports (UI.md §1.10): the upload read as rows of
 * text whatever it was saved as, the template with its 填写说明, comments, drop-downs and grey example
 * row, and the error report (the sheet back with a 错误说明 column).
 */

/** UI.md §1.10 "size and row limits stated (5,000 rows)". */
export const MAX_IMPORT_ROWS = 5_000;
/** A 5,000-row sheet of teachers is well under 1 MB as .xlsx and about 1 MB as CSV; 5 MB leaves room. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** The example row of the template starts with this; an upload that kept it skips it. */
export const EXAMPLE_MARK = '（示例）';

export interface SheetColumn {
  /** The header as the template writes it, * marking a required column. */
  header: string;
  required: boolean;
  /** The 填写说明 and the header's comment. */
  note: string;
  /** A drop-down list of allowed values. */
  choices?: string[];
  example: string;
  width: number;
}

export interface SheetRow {
  /** The row's number as the office sees it: Excel's row number, or the CSV line (the header is 1). */
  line: number;
  /** By column header (without *), trimmed; a missing cell is ''. */
  cells: Record<string, string>;
  /** The cells in file order, for the error report. */
  raw: string[];
}

export interface ParsedSheet {
  format: 'xlsx' | 'csv';
  headers: string[];
  rows: SheetRow[];
}

const bare = (header: string) => header.replace(/[*＊\s]/g, '');

/** A problem about the uploaded file as a whole, named `file` like a form field (UI.md §1.6). */
export function fileProblem(message: string): ValidationProblem {
  return new ValidationProblem([{ field: 'file', message }]);
}

const isZip = (b: Buffer) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * Reads an .xlsx (first sheet that has the header row) or a CSV (UTF-8 with or without BOM, else GB18030,
 * which is what Excel's "CSV" saves on a Chinese Windows). `columns` names the headers the import knows;
 * the header row must carry every required one.
 */
export async function readSheet(body: Buffer, columns: SheetColumn[]): Promise<ParsedSheet> {
  if (body.length === 0) throw fileProblem('the file is empty');
  const grid = isZip(body) ? await xlsxGrid(body) : csvGrid(decodeText(body));
  const known = new Set(columns.map((c) => bare(c.header)));
  const headerAt = grid.findIndex((r) => r.cells.some((c) => known.has(bare(c))));
  if (headerAt < 0) throw fileProblem('the file has no header row of the template');
  const headers = grid[headerAt]!.cells.map(bare);
  const missing = columns.filter((c) => c.required && !headers.includes(bare(c.header)));
  if (missing.length > 0)
    throw fileProblem(`the header row lacks the column(s) ${missing.map((c) => bare(c.header)).join(', ')}`);
  const rows: SheetRow[] = [];
  for (const r of grid.slice(headerAt + 1)) {
    if (r.cells.every((c) => c.trim() === '')) continue;
    if (r.cells[0]?.trim().startsWith(EXAMPLE_MARK)) continue;
    const cells: Record<string, string> = {};
    headers.forEach((h, i) => {
      if (h && known.has(h)) cells[h] = (r.cells[i] ?? '').trim();
    });
    rows.push({ line: r.line, cells, raw: r.cells });
    if (rows.length > MAX_IMPORT_ROWS)
      throw fileProblem(`the file has more than ${MAX_IMPORT_ROWS} rows; split it into several files`);
  }
  if (rows.length === 0) throw fileProblem('the file has no rows below the header');
  return { format: isZip(body) ? 'xlsx' : 'csv', headers, rows };
}

function decodeText(body: Buffer): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return body.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    // Not UTF-8: Excel on a Chinese Windows saves CSV in the ANSI code page, GBK, which GB18030 covers.
    return new TextDecoder('gb18030').decode(body);
  }
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF ends a record. */
export function csvGrid(text: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(field);
      out.push({ line: recordLine, cells });
      cells = [];
      field = '';
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (field !== '' || cells.length > 0) {
    cells.push(field);
    out.push({ line: recordLine, cells });
  }
  return out;
}

async function xlsxGrid(body: Buffer): Promise<{ line: number; cells: string[] }[]> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    throw fileProblem('the file is not a readable .xlsx or .csv file');
  }
  // The data sheet: the first one that is not the instructions.
  const ws = wb.worksheets.find((w) => w.name !== INSTRUCTIONS_SHEET) ?? wb.worksheets[0];
  if (!ws) throw fileProblem('the file has no header row of the template');
  const out: { line: number; cells: string[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    // The template's drop-downs reach row 5,002: rows with nothing typed in them are not rows.
    if (cells.every((c) => c.trim() === '')) return;
    out.push({ line: rowNumber, cells });
    if (out.length > MAX_IMPORT_ROWS + 20)
      throw fileProblem(`the file has more than ${MAX_IMPORT_ROWS} rows; split it into several files`);
  });
  return out;
}

/** A cell as the office typed it: dates as YYYY-MM-DD (Excel keeps wall-clock dates, read as UTC). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText((v.result ?? '') as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    if ('error' in v) return '';
    return '';
  }
  return String(v);
}

export const INSTRUCTIONS_SHEET = '填写说明';

/** The template: the data sheet (header, comments, drop-downs, one grey example row), then 填写说明. */
export async function templateWorkbook(opts: {
  sheetName: string;
  title: string;
  columns: SheetColumn[];
  rules: string[];
}): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = '教师专业发展管理平台';
  const ws = wb.addWorksheet(opts.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Lists longer than Excel's 255-character inline limit go on a hidden sheet.
  const lists = wb.addWorksheet('选项', { state: 'veryHidden' });
  ws.columns = opts.columns.map((c) => ({ header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  opts.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.note = c.note;
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F5FF' } };
  });
  const example = ws.addRow(
    opts.columns.map((c, i) => (i === 0 ? `${EXAMPLE_MARK}${c.example}` : c.example)),
  );
  example.eachCell((cell) => {
    cell.font = { color: { argb: 'FF8C8C8C' }, italic: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  });
  let listCol = 0;
  opts.columns.forEach((c, i) => {
    if (!c.choices || c.choices.length === 0) return;
    listCol++;
    c.choices.forEach((v, r) => (lists.getCell(r + 1, listCol).value = v));
    const letter = lists.getColumn(listCol).letter;
    const range = `'选项'!$${letter}$1:$${letter}$${c.choices.length}`;
    const colLetter = ws.getColumn(i + 1).letter;
    // Rows 3 … the row limit + 2 (header and example above).
    for (let r = 2; r <= MAX_IMPORT_ROWS + 2; r++) {
      ws.getCell(`${colLetter}${r}`).dataValidation = {
        type: 'list',
        allowBlank: !c.required,
        formulae: [range],
        showErrorMessage: true,
        errorTitle: '请从下拉列表中选择',
        error: `「${bare(c.header)}」请从下拉列表中选择`,
      };
    }
  });
  const help = wb.addWorksheet(INSTRUCTIONS_SHEET);
  help.columns = [
    { header: '列', width: 14 },
    { header: '是否必填', width: 10 },
    { header: '填写说明', width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of opts.columns) help.addRow([bare(c.header), c.required ? '必填' : '选填', c.note]);
  help.addRow([]);
  help.addRow(['', '', opts.title]).font = { bold: true };
  for (const rule of opts.rules) help.addRow(['', '', rule]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The uploaded rows back, each with its problems in a 错误说明 column (UI.md §1.10 「下载错误报告」). */
export async function errorReport(
  sheet: ParsedSheet,
  problems: Map<number, string[]>,
  sheetName: string,
): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.addRow(['行号', ...sheet.headers, '错误说明']);
  header.font = { bold: true };
  ws.getColumn(1).width = 8;
  sheet.headers.forEach((_, i) => (ws.getColumn(i + 2).width = 16));
  ws.getColumn(sheet.headers.length + 2).width = 60;
  for (const row of sheet.rows) {
    const said = problems.get(row.line) ?? [];
    const added = ws.addRow([row.line, ...sheet.headers.map((_, i) => row.raw[i] ?? ''), said.join('；')]);
    if (said.length > 0) {
      const last = added.getCell(sheet.headers.length + 2);
      last.font = { color: { argb: 'FFC00000' } };
      added.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF1F0' } };
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

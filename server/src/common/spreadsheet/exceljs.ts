type ExcelJs = typeof import('exceljs');

let loaded: ExcelJs | null = null;

/**
 * ExcelJS, loaded on the first file we write: with its zip libraries it takes a third of a second
 * of CPU to load, which every worker would otherwise pay at start for files few requests ask for.
 * (Reading uploads does not use it: see read-rows.ts.) A plain `require`, not `import()`: the
 * server is CommonJS, and test runners that host it (jest's VM) refuse dynamic ES imports.
 */
export function loadExcelJs(): ExcelJs {
  loaded ??= require('exceljs') as ExcelJs;
  return loaded;
}

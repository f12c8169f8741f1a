import { SpreadsheetError } from '@lp/shared';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import Piscina from 'piscina';
import { AppError } from '../app-error';
import { SpreadsheetLimits, SpreadsheetRefusalInfo } from './spreadsheet-limits';
import type { SpreadsheetOutcome, SpreadsheetTask } from './spreadsheet.worker';

/** Heap of the reading thread: a file that needs more is stopped, and only that thread dies. */
const READER_HEAP_MB = 96;
/** One reading thread per process, so an import takes at most one core from the requests. */
const READER_THREADS = 1;
/** Files waiting for the thread; one more is answered “busy” at once (counted here: piscina's maxQueue lets tasks past it while its thread starts or works). */
const READER_QUEUE = 4;
/** The reading thread yields the CPU to the threads answering requests (Linux nice; skipped where unavailable). */
const READER_NICE = 10;
/**
 * The readers refuse a file once it has cost `timeoutMs` of the thread's CPU time. The thread is
 * stopped from outside only when it stays stuck far longer than that in clock time (a busy machine
 * stretches a niced thread's clock time many times over, and that alone must not refuse a file).
 */
const STUCK_AFTER_BUDGETS = 6;

/**
 * Reads uploaded spreadsheets (.xlsx or CSV) into rows of text, off the request thread: each file
 * goes to a worker thread (piscina) with a heap limit; the readers inside stop at the first row,
 * cell or byte past the limits, or once the file has used `timeoutMs` of the thread's CPU time.
 * Whatever a file does, the server keeps answering, and the caller gets the rows or a 4xx with a
 * message an administrator can act on.
 */
@Injectable()
export class SpreadsheetReader implements OnModuleDestroy {
  private readonly logger = new Logger(SpreadsheetReader.name);
  private readonly pool = new Piscina<SpreadsheetTask, SpreadsheetOutcome>({
    filename: join(__dirname, 'spreadsheet.worker.js'),
    minThreads: 0,
    maxThreads: READER_THREADS,
    idleTimeout: 30_000,
    niceIncrement: READER_NICE,
    resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
  });
  /** Files being read or waiting, and the time they may still take: a new file's clock includes it. */
  private pending = 0;
  private aheadMs = 0;

  async read(file: Buffer, limits: SpreadsheetLimits): Promise<string[][]> {
    if (this.pending >= READER_THREADS + READER_QUEUE) {
      throw new AppError(503, SpreadsheetError.Busy, '现在要读的表格较多，请过一两分钟再上传');
    }
    const deadline = AbortSignal.timeout(STUCK_AFTER_BUDGETS * (this.aheadMs + limits.timeoutMs));
    this.pending += 1;
    this.aheadMs += limits.timeoutMs;
    let outcome: SpreadsheetOutcome;
    try {
      outcome = await this.pool.run({ file, limits }, { signal: deadline });
    } catch (err) {
      throw this.stopped(err, limits);
    } finally {
      this.pending -= 1;
      this.aheadMs -= limits.timeoutMs;
    }
    if ('refused' in outcome) {
      const { reason, row, detail } = outcome.refused;
      if (detail) this.logger.warn({ reason, row, detail: detail.slice(0, 200) }, 'spreadsheet refused by its parser');
      throw refusalError(outcome.refused, limits);
    }
    return outcome.rows;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.destroy();
  }

  /** The reading thread was stopped (stuck) or died (memory). */
  private stopped(err: unknown, limits: SpreadsheetLimits): unknown {
    if (!(err instanceof Error)) return err;
    if (err.name === 'AbortError') return refusalError({ reason: 'too_complex' }, limits);
    if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      this.logger.warn('a spreadsheet needed more memory than its reading thread has');
      return refusalError({ reason: 'too_complex' }, limits);
    }
    return err;
  }
}

function refusalError({ reason, row }: SpreadsheetRefusalInfo, limits: SpreadsheetLimits): AppError {
  const at = row === undefined ? '' : `第${row}行`;
  switch (reason) {
    case 'unsupported':
      return new AppError(415, SpreadsheetError.Unsupported, '只能上传 Excel 表格（.xlsx）或 CSV 文件。旧的 .xls 文件，请在 Excel 里“另存为” .xlsx 再上传');
    case 'unreadable':
      return new AppError(422, SpreadsheetError.Unreadable, `这个文件打不开${at ? `（${at}附近有问题）` : ''}，请在 Excel 里“另存为” .xlsx 或 CSV 后再上传`);
    case 'encoding':
      return new AppError(422, SpreadsheetError.Encoding, `文件里的文字认不出来${at ? `（${at}）` : ''}，请在 Excel 里“另存为” .xlsx 或 CSV 后再上传`);
    case 'too_many_rows':
      return new AppError(413, SpreadsheetError.TooManyRows, `表格最多${limits.maxRows}行，这个文件超过了。请删去多余的行，或分成几个文件上传`);
    case 'cell_too_long':
      return new AppError(413, SpreadsheetError.TooLarge, `${at || '表格里'}有一格的字太多了（一格最多${limits.maxCellChars}个字），请改短后再上传`);
    case 'too_large':
      return new AppError(413, SpreadsheetError.TooLarge, '表格里的内容太多了，请删去不需要的内容，或分成几个文件上传');
    case 'too_complex':
      return new AppError(413, SpreadsheetError.TooComplex, '这个表格太复杂，读不完。请删去不需要的内容，或另存为 CSV 后再上传');
  }
}

import { Module } from '@nestjs/common';
import { SpreadsheetReader } from './spreadsheet-reader';

/** The bounded reader of uploaded spreadsheets, for every feature that imports one. */
@Module({ providers: [SpreadsheetReader], exports: [SpreadsheetReader] })
export class SpreadsheetModule {}

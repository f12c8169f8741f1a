import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from './app-error';

/** A numeric id in the path: a positive 32-bit integer, else a Chinese 400. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2147483647) throw AppError.badRequest('编号格式不对');
    return Number(value);
  }
}

@Injectable()
export class YearParamPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = Number(value);
    if (!/^\d{4}$/.test(value) || year < 2000 || year > 2100) throw AppError.badRequest('年份不对，应在2000年到2100年之间');
    return year;
  }
}

@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw AppError.badRequest('编号格式不对');
    return value.toLowerCase();
  }
}

/** A bigserial id in the path (kept as a string: it may pass 2^53 one day). */
@Injectable()
export class BigIdParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[1-9]\d{0,17}$/.test(value)) throw AppError.badRequest('编号格式不对');
    return value;
  }
}

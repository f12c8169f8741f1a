import { SubscriptionRequest } from '@lp/shared';
import { Injectable, PipeTransform } from '@nestjs/common';
import { IsBoolean, IsString, Length } from 'class-validator';
import { AppError } from '../../common/app-error';
import { createValidationPipe } from '../../common/validation';

/** One answer of wx.requestSubscribeMessage. */
export class SubscriptionDto implements SubscriptionRequest {
  /** 订阅消息模板编号 */
  @IsString({ message: '模板编号应当是文字' })
  @Length(1, 64, { message: '模板编号长度不对' })
  templateId: string;

  /** 居民是否允许 */
  @IsBoolean({ message: '是否允许应当是 true 或 false' })
  accepted: boolean;
}

/** wx.requestSubscribeMessage asks about at most a handful of templates at once. */
export const MAX_ANSWERS = 10;

/**
 * The body of POST /me/subscriptions is a bare array, which the global ValidationPipe does
 * not look into: each item is validated here by the same pipe, so messages stay Chinese.
 */
@Injectable()
export class SubscriptionListPipe implements PipeTransform<unknown, Promise<SubscriptionDto[]>> {
  private readonly itemPipe = createValidationPipe();

  async transform(value: unknown): Promise<SubscriptionDto[]> {
    if (!Array.isArray(value)) throw AppError.badRequest('订阅结果应当是列表');
    if (value.length > MAX_ANSWERS) throw AppError.badRequest(`一次最多提交${MAX_ANSWERS}个订阅结果`);
    const answers: SubscriptionDto[] = [];
    for (const item of value) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw AppError.badRequest('每个订阅结果应包含模板编号和是否允许');
      }
      answers.push((await this.itemPipe.transform(item, { type: 'body', metatype: SubscriptionDto })) as SubscriptionDto);
    }
    if (new Set(answers.map((a) => a.templateId)).size !== answers.length) {
      throw AppError.badRequest('同一个模板只能提交一次结果');
    }
    return answers;
  }
}

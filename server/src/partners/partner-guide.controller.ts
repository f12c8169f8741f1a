import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/access';
import { AppConfig } from '../config/app-config';
import { ReturnsFile } from '../openapi/returns';
import { PARTNER_GUIDE_CSP, renderPartnerGuide } from './partner-guide';

/** The partner developers' guide, a plain page outside /api (see app-prefix.ts). */
@ApiTags('partner-api')
@Controller('partner-guide')
export class PartnerGuideController {
  private readonly page: string;

  constructor(config: AppConfig) {
    this.page = renderPartnerGuide(config.publicBaseUrl);
  }

  @ReturnsFile('text/html')
  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PARTNER_GUIDE_CSP)
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({ summary: '合作机构接入指南（公开网页）：怎样拿到密钥、请居民授权、调用接口' })
  guide(): string {
    return this.page;
  }
}

import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/access';
import { PLAIN_PAGE_CSP } from '../common/html';
import { UuidParamPipe } from '../common/params';
import { TranscriptsService } from './transcripts.service';
import { renderVerifyPage } from './verify-page';
import { ReturnsFile } from '../openapi/returns';

/** The page behind the QR code on a transcript, outside /api (see app.ts) and ahead of the H5 app. */
@ApiTags('transcripts')
@Controller('verify')
export class VerifyPageController {
  constructor(private readonly transcripts: TranscriptsService) {}

  @ReturnsFile('text/html')
  @Get(':id')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PLAIN_PAGE_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('X-Robots-Tag', 'noindex')
  @ApiOperation({ summary: '成绩单验证网页（公开，二维码打开的页面）：真实有效 / 已撤销 / 无法验证' })
  async page(@Param('id', UuidParamPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const status = await this.transcripts.statusOrNull(id);
    if (!status) reply.status(404);
    return renderVerifyPage(status);
  }
}

import { checkInLink, CHECKIN_QR_PREFIX } from '@lp/shared';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/access';
import { PLAIN_PAGE_CSP } from '../common/html';
import { AppConfig } from '../config/app-config';
import { ReturnsFile } from '../openapi/returns';
import { h5CheckInAddress, renderCheckInLinkPage } from './check-in-link-page';

/** A code of the check-in link: the base64url part of a QR token. */
const LINK_CODE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The check-in link a teacher's QR code holds, `/c/<code>`, outside /api (see app-prefix.ts) and
 * ahead of the H5 app. WeChat's 扫一扫 opens the mini program for it and never asks here; another
 * browser gets a page saying to scan with WeChat or type the spoken code. Nothing is checked in
 * here: the code is judged when the check-in page sends it.
 */
@ApiTags('attendance')
@Controller('c')
export class CheckInLinkController {
  constructor(private readonly config: AppConfig) {}

  @ReturnsFile('text/html')
  @Get(':code')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PLAIN_PAGE_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('X-Robots-Tag', 'noindex')
  @ApiOperation({ summary: '签到链接（公开，签到二维码的内容）：在微信以外打开时，提示用微信扫码或输入签到码；演示环境可在网页里签到' })
  page(@Param('code') code: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    const wellFormed = LINK_CODE.test(code);
    if (!wellFormed) reply.status(404);
    const link = checkInLink(this.config.publicBaseUrl, CHECKIN_QR_PREFIX + code);
    return renderCheckInLinkPage(wellFormed && this.config.DEMO_MODE ? h5CheckInAddress(link) : null);
  }
}

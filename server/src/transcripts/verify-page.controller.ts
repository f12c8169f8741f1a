import { ApiError, ErrorCode, TRANSCRIPT_PDF_MAX_BYTES, TranscriptError } from '@lp/shared';
import { Catch, Controller, Get, Header, HttpCode, Param, Post, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/access';
import { AppError } from '../common/app-error';
import { ErrorFilter } from '../common/error.filter';
import { UuidParamPipe } from '../common/params';
import { SingleFileInterceptor, UploadedBuffer } from '../common/single-file';
import { ReturnsFile } from '../openapi/returns';
import { FileCheckThrottle } from './file-check-throttle';
import { TranscriptsService } from './transcripts.service';
import { renderUploadPage, renderVerifyPage, VERIFY_PAGE_CSP, VERIFY_UPLOAD_CSP } from './verify-page';

/** Why an uploaded file was not checked, said for the person at the upload page rather than for a program. */
function refusalText(status: number, body: ApiError): string {
  if (status === 413) return `文件太大了。成绩单 PDF 不超过 ${TRANSCRIPT_PDF_MAX_BYTES / 1024 / 1024} MB，请确认选的是成绩单。`;
  if (body.code === TranscriptError.NotPdf) return '这个文件不是 PDF。请选择持有人交来的成绩单 PDF 文件。';
  if (body.code === ErrorCode.TooManyRequests) return `${body.message}。请过一分钟再核验。`;
  return body.message;
}

/** A refusal on the upload page is the page again, in HTML, with the reason above the form. */
@Catch()
export class UploadPageErrorFilter extends ErrorFilter {
  protected override answer(reply: FastifyReply, status: number, body: ApiError): void {
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', VERIFY_UPLOAD_CSP)
      .header('cache-control', 'no-store')
      .send(renderUploadPage({ refusal: refusalText(status, body) }));
  }
}

/** The verification pages, outside /api (see app-prefix.ts) and ahead of the H5 app. */
@ApiTags('transcripts')
@Controller('verify')
export class VerifyPageController {
  constructor(private readonly transcripts: TranscriptsService) {}

  @ReturnsFile('text/html')
  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', VERIFY_UPLOAD_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('X-Robots-Tag', 'noindex')
  @ApiOperation({ summary: '成绩单 PDF 核验网页（公开）：上传 PDF，看是否真实有效' })
  uploadPage(): string {
    return renderUploadPage(null);
  }

  @ReturnsFile('text/html')
  @Post()
  @Public()
  @FileCheckThrottle()
  @HttpCode(200)
  @UseFilters(UploadPageErrorFilter)
  @UseInterceptors(SingleFileInterceptor('pdf', TRANSCRIPT_PDF_MAX_BYTES))
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', VERIFY_UPLOAD_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('X-Robots-Tag', 'noindex')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { pdf: { type: 'string', format: 'binary', description: '成绩单 PDF，不超过 5 MB' } } } })
  @ApiOperation({ summary: '核验上传的成绩单 PDF（公开，网页表单）：真实有效 / 已被改动 / 已撤销 / 无法识别；文件不保存' })
  async checkUpload(@UploadedBuffer() file: Buffer | undefined): Promise<string> {
    if (!file?.length) throw AppError.badRequest('请先选择成绩单 PDF 文件，再点“核验”', undefined, TranscriptError.NoFile);
    return renderUploadPage({ verification: await this.transcripts.verifyPdf(file) });
  }

  @ReturnsFile('text/html')
  @Get(':id')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', VERIFY_PAGE_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('X-Robots-Tag', 'noindex')
  @ApiOperation({ summary: '成绩单验证网页（公开，二维码打开的页面）：真实有效 / 已撤销 / 无法验证' })
  async page(@Param('id', UuidParamPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const status = await this.transcripts.statusOrNull(id);
    if (!status) reply.status(404);
    return renderVerifyPage(status);
  }
}

import {
  AdminTranscriptView,
  BitstringStatusListCredential,
  MultikeyDocument,
  Page,
  Role,
  TranscriptControllerDocument,
  TranscriptCredential,
  TranscriptIssuer,
  TranscriptStatus,
  TranscriptSummary,
  TranscriptVerification,
  XapiStatementResult,
} from '@lp/shared';
import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, Public, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { BodyBudget } from '../common/body-budget';
import { PageQueryDto } from '../common/page-query.dto';
import { IdParamPipe, UuidParamPipe } from '../common/params';
import { FileCheckThrottle } from './file-check-throttle';
import { AdminTranscriptQueryDto } from './dto/admin-transcript-query.dto';
import { RevokeTranscriptDto } from './dto/revoke-transcript.dto';
import { XapiQueryDto } from './dto/xapi-query.dto';
import { TranscriptsService } from './transcripts.service';
import { Returns, ReturnsFile } from '../openapi/returns';
import { ShowsPersonalData } from '../access-log/shows-personal-data';
import { ResidentAction, WithoutGuardianConsent } from '../guardians/resident-action';

@ApiTags('transcripts')
@Controller()
export class TranscriptsController {
  constructor(private readonly transcripts: TranscriptsService) {}

  @Returns('TranscriptSummary', { repeated: HttpStatus.OK })
  @Post('me/transcripts')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '生成成绩单（数字签名）。内容与最近一份相同时返回那一份（200），否则新出具一份（201）' })
  async issue(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<TranscriptSummary> {
    const { transcript, created } = await this.transcripts.issue(actor);
    reply.status(created ? 201 : 200);
    return transcript;
  }

  @Returns('TranscriptSummaryPage')
  @Get('me/transcripts')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我的成绩单（新的在前）' })
  list(@CurrentActor() actor: Actor, @Query() q: PageQueryDto): Promise<Page<TranscriptSummary>> {
    return this.transcripts.list(actor, q.cursor, q.limit);
  }

  @Returns('TranscriptCredential')
  @Get('me/transcripts/:id/credential')
  @Roles(Role.Resident)
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary: '下载成绩单的 JSON 凭证（Open Badges 3.0 风格的 W3C 可验证凭证，eddsa-rdfc-2022 签名，撤销状态在 W3C Bitstring Status List；国密部署另有 SM2 签名）',
  })
  async credential(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TranscriptCredential> {
    const credential = await this.transcripts.credential(actor, id);
    reply.header('Content-Disposition', `attachment; filename="transcript-${id}.json"`);
    return credential;
  }

  @ReturnsFile('application/pdf')
  @Get('me/transcripts/:id/pdf')
  @Roles(Role.Resident)
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: '下载成绩单 PDF（含验证二维码，文件整体带数字签名）' })
  async pdf(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.transcripts.pdf(actor, id), {
      type: 'application/pdf',
      disposition: `attachment; filename="transcript-${id}.pdf"`,
    });
  }

  @Returns('AdminTranscriptViewPage')
  @Get('admin/transcripts')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ShowsPersonalData('transcript')
  @ApiOperation({ summary: '一位居民的成绩单（新的在前；居民所在区域的管理员），含是否已撤销' })
  adminList(@CurrentActor() actor: Actor, @Query() q: AdminTranscriptQueryDto): Promise<Page<AdminTranscriptView>> {
    return this.transcripts.adminList(actor, q.residentId, q.cursor, q.limit);
  }

  @Returns('AdminTranscriptView')
  @Get('admin/transcripts/:id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ShowsPersonalData('transcript')
  @ApiOperation({ summary: '按编号（验证链接最后一段）查一份成绩单（居民所在区域的管理员）' })
  adminFind(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<AdminTranscriptView> {
    return this.transcripts.adminFind(actor, id);
  }

  @Returns('TranscriptSummary')
  @Post('transcripts/:id/revoke')
  @WithoutGuardianConsent()
  @Roles(Role.Resident, Role.Admin, Role.SuperAdmin)
  @HttpCode(200)
  @ApiOperation({ summary: '撤销成绩单：本人，或居民所在区域的管理员。已撤销的再撤销不变' })
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: RevokeTranscriptDto): Promise<TranscriptSummary> {
    return this.transcripts.revoke(actor, id, dto.reason);
  }

  @Returns('TranscriptIssuer')
  @Get('transcripts/issuer')
  @Public()
  @ApiOperation({ summary: '成绩单签发方与公钥（用于离线验证签名）' })
  issuer(): TranscriptIssuer {
    return this.transcripts.issuer();
  }

  @Returns('TranscriptControllerDocument')
  @Get('transcripts/issuer/controller')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: '成绩单凭证的签发方（公开）：JSON-LD 控制者文档，列出签名用的 Ed25519 公钥（Multikey），供任何 Data Integrity 验证程序解析' })
  controller(): TranscriptControllerDocument {
    return this.transcripts.controllerDocument();
  }

  @Returns('MultikeyDocument')
  @Get('transcripts/issuer/keys/:publicKeyMultibase')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: '一把签名公钥（公开）：凭证签名里 verificationMethod 指向的 Multikey 文档' })
  key(@Param('publicKeyMultibase') publicKeyMultibase: string): MultikeyDocument {
    return this.transcripts.keyDocument(publicKeyMultibase);
  }

  @Returns('BitstringStatusListCredential')
  @Get('transcripts/status-lists/:list')
  @Public()
  // a revocation shows at once: a cache may keep the list but asks again each time (If-None-Match: 304 while unchanged)
  @Header('Cache-Control', 'public, no-cache')
  @ApiOperation({ summary: '成绩单撤销名单（公开）：W3C Bitstring Status List 凭证，第 n 位为 1 表示 statusListIndex 为 n 的成绩单已撤销' })
  async statusList(
    @Param('list', IdParamPipe) list: number,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BitstringStatusListCredential> {
    const { credential, etag } = await this.transcripts.statusList(list);
    reply.header('ETag', etag);
    if (req.headers['if-none-match'] === etag) reply.status(304);
    return credential;
  }

  @Returns('TranscriptStatus')
  @Get('transcripts/:id/status')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '成绩单状态（公开）：真实有效或已撤销、出具时间、部分隐藏的姓名、合计' })
  status(@Param('id', UuidParamPipe) id: string): Promise<TranscriptStatus> {
    return this.transcripts.status(id);
  }

  @Returns('TranscriptVerification')
  @Post('transcripts/verify')
  @Public()
  // a credential lists every learning record, about 12 nodes each: as many as 256 KB can hold
  @BodyBudget({ nodes: 40_000 })
  @HttpCode(200)
  @ApiBody({ description: '成绩单的 JSON 凭证，原样提交', schema: { type: 'object' } })
  @ApiOperation({ summary: '验证 JSON 凭证（公开）：签名、是否为本平台出具的原件、是否已撤销' })
  verifyCredential(@Body() body: unknown): Promise<TranscriptVerification> {
    return this.transcripts.verifyCredential(body);
  }

  @Returns('TranscriptVerification')
  @Post('transcripts/verify-pdf')
  @Public()
  @FileCheckThrottle()
  @HttpCode(200)
  @ApiConsumes('application/pdf')
  @ApiBody({ description: '成绩单 PDF 文件本身（Content-Type: application/pdf，不超过 5 MB）', schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: '验证成绩单 PDF（公开）：文件任何一个字节被改动都无法通过' })
  verifyPdf(@Req() req: FastifyRequest): Promise<TranscriptVerification> {
    // read from the request, not @Body(): the bytes need no validation pipe walking over them
    return this.transcripts.verifyPdf(req.body as unknown);
  }

  @Returns('XapiStatementResult')
  @Get('me/xapi/statements')
  @ResidentAction()
  @Roles(Role.Resident)
  @Header('X-Experience-API-Version', '1.0.3')
  @ApiOperation({ summary: '导出我的学习记录为 xAPI 语句（按记录先后，分页：more 为下一页地址）' })
  xapi(@CurrentActor() actor: Actor, @Query() q: XapiQueryDto): Promise<XapiStatementResult> {
    return this.transcripts.xapi(actor, q.cursor, q.limit);
  }
}

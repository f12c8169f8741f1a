import { ConversionView, CreditEstimate, Page, PartnerCreditsView, PartnerOfferView, Role, TranscriptSummary, XapiStatementResult } from '@lp/shared';
import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PartnerApi } from '../common/access';
import { PageQueryDto } from '../common/page-query.dto';
import { EstimateQueryDto } from '../credit-rules/dto/rule-set.dto';
import { XapiQueryDto } from '../transcripts/dto/xapi-query.dto';
import { TranscriptsService } from '../transcripts/transcripts.service';
import { ReceiptParamDto } from './dto/partners.dto';
import { PartnerApiService, PartnerGrant } from './partner-api.service';
import { CurrentPartner, PartnerKeyGuard } from './partner-key.guard';
import { Returns } from '../openapi/returns';
import { CREDITS_EXAMPLE, ESTIMATE_EXAMPLE, OFFERS_EXAMPLE, RECEIPT_EXAMPLE, RECORDS_EXAMPLE, TRANSCRIPTS_EXAMPLE } from './partner-api.examples';

/** 学分转换查询 for partner institutions: API key + the resident's consent, every call logged. */
@ApiTags('partner-api')
@Controller('partner/v1')
@UseGuards(PartnerKeyGuard)
export class PartnerApiController {
  constructor(
    private readonly api: PartnerApiService,
    private readonly transcripts: TranscriptsService,
  ) {}

  @Returns('PartnerCreditsView', { example: CREDITS_EXAMPLE })
  @Get('credits')
  @PartnerApi('credits:read', { consent: true })
  @ApiOperation({ summary: '居民的学分和学时（需居民授权 credits:read）' })
  credits(@CurrentPartner() grant: PartnerGrant): Promise<PartnerCreditsView> {
    return this.api.credits(grant);
  }

  @Returns('PartnerOfferViewList', { example: OFFERS_EXAMPLE })
  @Get('offers')
  @PartnerApi('credits:read', { consent: true })
  @ApiOperation({ summary: '居民的学分能换本机构的哪些项目（需居民授权 credits:read）' })
  offers(@CurrentPartner() grant: PartnerGrant): Promise<PartnerOfferView[]> {
    return this.api.offers(grant);
  }

  @Returns('CreditEstimate', { example: ESTIMATE_EXAMPLE })
  @Get('estimate')
  @PartnerApi('credits:read', { consent: true })
  @ApiOperation({ summary: '这些学时对这位居民值多少学分（需居民授权 credits:read）' })
  estimate(@CurrentPartner() grant: PartnerGrant, @Query() q: EstimateQueryDto): Promise<CreditEstimate> {
    return this.api.estimate(grant, q);
  }

  @Returns('ConversionView', { example: RECEIPT_EXAMPLE })
  @Get('receipts/:receiptNo')
  @PartnerApi('credits:read', { consent: false })
  @ApiOperation({ summary: '核对一张学分转换回执（只能查本机构收到的）' })
  receipt(@CurrentPartner() grant: PartnerGrant, @Param() p: ReceiptParamDto): Promise<ConversionView> {
    return this.api.receipt(grant, p.receiptNo);
  }

  @Returns('XapiStatementResult', { example: RECORDS_EXAMPLE })
  @Get('records')
  @PartnerApi('records:export', { consent: true })
  @ApiOperation({ summary: '居民的学习记录，xAPI 格式（需居民授权 records:export）' })
  records(@CurrentPartner() grant: PartnerGrant, @Query() q: XapiQueryDto): Promise<XapiStatementResult> {
    return this.transcripts.statementsOf(grant.residentId!, q.cursor, q.limit ?? 100, '/api/partner/v1/records');
  }

  @Returns('TranscriptSummaryPage', { example: TRANSCRIPTS_EXAMPLE })
  @Get('transcripts')
  @PartnerApi('transcripts:verify', { consent: true })
  @ApiOperation({ summary: '居民的成绩单及其状态，可再用公开的核验接口核对（需居民授权 transcripts:verify）' })
  transcriptsOf(@CurrentPartner() grant: PartnerGrant, @Query() q: PageQueryDto): Promise<Page<TranscriptSummary>> {
    return this.transcripts.list({ userId: grant.residentId!, role: Role.Resident, schoolId: null, areaId: null }, q.cursor, Math.min(q.limit ?? 20, 100));
  }
}

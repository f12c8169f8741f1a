import { ConversionView, CreditEstimate, PartnerCreditsView, PartnerOfferView } from '@lp/shared';
import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PartnerApi } from '../common/access';
import { EstimateQueryDto } from '../credit-rules/dto/rule-set.dto';
import { ReceiptParamDto } from './dto/partners.dto';
import { PartnerApiService, PartnerGrant } from './partner-api.service';
import { CurrentPartner, PartnerKeyGuard } from './partner-key.guard';

/** 学分转换查询 for partner institutions: API key + the resident's consent, every call logged. */
@ApiTags('partner-api')
@Controller('partner/v1')
@UseGuards(PartnerKeyGuard)
export class PartnerApiController {
  constructor(private readonly api: PartnerApiService) {}

  @Get('credits')
  @PartnerApi('credits:read', { consent: true })
  @ApiOperation({ summary: '居民的学分和学时（需居民授权 credits:read）' })
  credits(@CurrentPartner() grant: PartnerGrant): Promise<PartnerCreditsView> {
    return this.api.credits(grant);
  }

  @Get('offers')
  @PartnerApi('credits:read', { consent: true })
  @ApiOperation({ summary: '居民的学分能换本机构的哪些项目（需居民授权 credits:read）' })
  offers(@CurrentPartner() grant: PartnerGrant): Promise<PartnerOfferView[]> {
    return this.api.offers(grant);
  }

  @Get('estimate')
  @PartnerApi('credits:read', { consent: true })
  @ApiOperation({ summary: '这些学时对这位居民值多少学分（需居民授权 credits:read）' })
  estimate(@CurrentPartner() grant: PartnerGrant, @Query() q: EstimateQueryDto): Promise<CreditEstimate> {
    return this.api.estimate(grant, q);
  }

  @Get('receipts/:receiptNo')
  @PartnerApi('credits:read', { consent: false })
  @ApiOperation({ summary: '核对一张学分转换回执（只能查本机构收到的）' })
  receipt(@CurrentPartner() grant: PartnerGrant, @Param() p: ReceiptParamDto): Promise<ConversionView> {
    return this.api.receipt(grant, p.receiptNo);
  }
}

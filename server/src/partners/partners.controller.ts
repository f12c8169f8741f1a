import { ConsentView, ConversionView, IssuedConsent, PartnerKeyIssued, PartnerKeyRotated, PartnerKeyView, PartnerOfferAdminView, PartnerOfferView, PartnerView, ResidentConversionPage, Role } from '@lp/shared';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ANY_ROLE, Actor, Roles } from '../common/access';
import { CurrentActor, RequestWithActor } from '../common/actor.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { BigIdParamPipe, IdParamPipe, UuidParamPipe } from '../common/params';
import { ApiKeyInputDto, ConsentInputDto, ConversionInputDto, OfferInputDto, PartnerInputDto, ReverseConversionDto, RevokeKeyDto, RotateKeyDto } from './dto/partners.dto';
import { PartnersService } from './partners.service';
import { Returns } from '../openapi/returns';
import { WithoutGuardianConsent } from '../guardians/resident-action';

@ApiTags('partners')
@Controller()
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Returns('PartnerViewList')
  @Get('partners')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '合作机构（开放大学、企业、其他城市平台）' })
  list(): Promise<PartnerView[]> {
    return this.partners.partners();
  }

  @Returns('PartnerOfferViewList')
  @Get('partner-offers')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: '学分可以转换成什么：各合作机构的项目；居民还会看到自己可用的学分' })
  offers(@Req() req: RequestWithActor): Promise<PartnerOfferView[]> {
    return this.partners.offers(req.actor ?? null);
  }

  @Returns('ConversionView', { repeated: HttpStatus.OK })
  @Post('me/conversions')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '学分转换（居民本人）：首次 201 给回执，同一请求编号重复 200 返回同一张回执' })
  async convert(@CurrentActor() actor: Actor, @Body() dto: ConversionInputDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ConversionView> {
    const { created, conversion } = await this.partners.convert(actor, dto);
    reply.status(created ? 201 : 200);
    return conversion;
  }

  @Returns('ResidentConversionPage')
  @Get('admin/residents/:userId/conversions')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '一位居民的学分转换（新的在前；居民所在区域的管理员），以及居民现在的学分' })
  residentConversions(@CurrentActor() actor: Actor, @Param('userId', UuidParamPipe) userId: string, @Query() q: PageQueryDto): Promise<ResidentConversionPage> {
    return this.partners.residentConversions(actor, userId, q.cursor, q.limit);
  }

  @Returns('ConversionView')
  @Post('conversions/:id/reverse')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '撤销一次学分转换，学分退回居民（居民所在区域的管理员，留痕）' })
  reverse(@CurrentActor() actor: Actor, @Param('id', BigIdParamPipe) id: string, @Body() dto: ReverseConversionDto): Promise<ConversionView> {
    return this.partners.reverseConversion(actor, id, dto.reason);
  }

  @Returns('ConsentViewList')
  @Get('me/consents')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我给合作机构的查询授权' })
  consents(@CurrentActor() actor: Actor): Promise<ConsentView[]> {
    return this.partners.consents(actor);
  }

  @Returns('IssuedConsent')
  @Post('me/consents')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '授权一个合作机构在有效期内查询我的学分（授权码只显示这一次）' })
  issue(@CurrentActor() actor: Actor, @Body() dto: ConsentInputDto): Promise<IssuedConsent> {
    return this.partners.issueConsent(actor, dto);
  }

  @Returns('ConsentView')
  @Post('me/consents/:id/revoke')
  @WithoutGuardianConsent()
  @HttpCode(200)
  @Roles(Role.Resident)
  @ApiOperation({ summary: '收回授权（立即生效）' })
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<ConsentView> {
    return this.partners.revokeConsent(actor, id);
  }

  @Returns('PartnerView')
  @Post('partners')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '登记合作机构（区级管理员）' })
  createPartner(@CurrentActor() actor: Actor, @Body() dto: PartnerInputDto): Promise<PartnerView> {
    return this.partners.createPartner(actor, dto.name);
  }

  @Returns('PartnerKeyIssued')
  @Post('partners/:id/keys')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '给合作机构发 API 密钥（区级管理员；密钥只显示这一次）' })
  createKey(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: ApiKeyInputDto): Promise<PartnerKeyIssued> {
    return this.partners.createKey(actor, id, dto.scopes);
  }

  @Returns('PartnerKeyViewList')
  @Get('partners/:id/keys')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '合作机构的 API 密钥（区级管理员；只显示前缀，不显示密钥）' })
  keys(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<PartnerKeyView[]> {
    return this.partners.keys(actor, id);
  }

  @Returns('PartnerKeyRotated')
  @Post('partners/:id/keys/:keyId/rotate')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '换一把新密钥（区级管理员；新密钥只显示这一次，旧密钥再用 overlapHours 小时，0 为立即停用）' })
  rotateKey(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Param('keyId', IdParamPipe) keyId: number, @Body() dto: RotateKeyDto): Promise<PartnerKeyRotated> {
    return this.partners.rotateKey(actor, id, keyId, dto.overlapHours);
  }

  @Returns('PartnerKeyView')
  @Post('partners/:id/keys/:keyId/revoke')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '停用密钥（区级管理员；立即生效，留痕）' })
  revokeKey(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Param('keyId', IdParamPipe) keyId: number, @Body() dto: RevokeKeyDto): Promise<PartnerKeyView> {
    return this.partners.revokeKey(actor, id, keyId, dto.reason);
  }

  @Returns('PartnerOfferAdminViewList')
  @Get('partners/:id/offers')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '合作机构的全部转换项目，含已关闭的（区级管理员）' })
  partnerOffers(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number): Promise<PartnerOfferAdminView[]> {
    return this.partners.partnerOffers(actor, id);
  }

  @Returns('PartnerOfferAdminView')
  @Post('partners/:id/offers/:offerId/close')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '关闭转换项目：居民不能再转换，已转换的不受影响（区级管理员，留痕）' })
  closeOffer(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Param('offerId', IdParamPipe) offerId: number): Promise<PartnerOfferAdminView> {
    return this.partners.closeOffer(actor, id, offerId);
  }

  @Returns('PartnerOfferView')
  @Post('partners/:id/offers')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '登记合作机构认可的转换项目（区级管理员）' })
  createOffer(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: OfferInputDto): Promise<PartnerOfferView> {
    return this.partners.createOffer(actor, id, dto);
  }
}

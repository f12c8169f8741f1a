import { ORGANISATION_KIND_LABELS, OrganisationView, ProfileError, RESIDENT_ORGANISATION_KINDS } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { ResidentsService } from '../residents/residents.service';
import { RegisterOrganisationDto } from './dto/learning-organisation.dto';
import { LearningOrganisationsService } from './learning-organisations.service';

/**
 * A resident's application for a 学习型家庭 or 学习型社团 of their own community: checked here
 * against their bound profile, then entered in the registry like an admin's registration, so the
 * admin of the area above the community assesses it (never the one who registered it).
 */
@Injectable()
export class ResidentApplications {
  constructor(
    private readonly organisations: LearningOrganisationsService,
    private readonly residents: ResidentsService,
  ) {}

  async apply(actor: Actor, dto: RegisterOrganisationDto): Promise<OrganisationView> {
    if (!RESIDENT_ORGANISATION_KINDS.includes(dto.kind)) {
      const kinds = RESIDENT_ORGANISATION_KINDS.map((k) => ORGANISATION_KIND_LABELS[k]).join('或');
      throw AppError.badRequest(`居民可以申请${kinds}；${ORGANISATION_KIND_LABELS[dto.kind]}请由单位或社区向管理员登记`);
    }
    const community = await this.residents.communityOf(actor.userId);
    if (community === null) throw AppError.conflict('请先填写您的基本信息，再申请', ProfileError.NotBound);
    if (dto.areaId !== community) throw AppError.badRequest('只能申请您所在社区的学习型家庭或社团');
    return this.organisations.apply(actor, dto);
  }
}

import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { CampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignsService } from './campaigns.service';

/** 活动周, 开放日 and other campaigns: their activities, figures, landing page and the district's 开放日 rule. */
@Module({
  imports: [AreasModule],
  controllers: [CampaignsController],
  providers: [CampaignsRepository, CampaignsService],
  exports: [CampaignsService],
})
export class CampaignsModule {}

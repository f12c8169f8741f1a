import { forwardRef, Module } from '@nestjs/common';
import { ResidentsModule } from '../residents/residents.module';
import { GuardianBindingRepository } from './guardian-binding.repository';
import { GuardianGuard } from './guardian.guard';
import { GuardiansController } from './guardians.controller';
import { GuardiansService } from './guardians.service';

/** Guardians of residents under 14: their consent, and acting for the child (GuardianGuard). */
@Module({
  imports: [forwardRef(() => ResidentsModule)],
  controllers: [GuardiansController],
  providers: [GuardianBindingRepository, GuardiansService, GuardianGuard],
  exports: [GuardiansService, GuardianGuard],
})
export class GuardiansModule {}

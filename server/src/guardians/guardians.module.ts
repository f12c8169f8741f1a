import { forwardRef, Module } from '@nestjs/common';
import { ResidentsModule } from '../residents/residents.module';
import { UsersModule } from '../users/users.module';
import { GuardianBindingRepository } from './guardian-binding.repository';
import { GuardianGuard } from './guardian.guard';
import { AccountHandoverController, GuardiansController } from './guardians.controller';
import { GuardiansService } from './guardians.service';

/** Guardians of residents under 14: their consent, and acting for the child (GuardianGuard). */
@Module({
  imports: [forwardRef(() => ResidentsModule), UsersModule],
  controllers: [GuardiansController, AccountHandoverController],
  providers: [GuardianBindingRepository, GuardiansService, GuardianGuard],
  exports: [GuardiansService, GuardianGuard],
})
export class GuardiansModule {}

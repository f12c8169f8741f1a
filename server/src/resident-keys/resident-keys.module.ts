import { Global, Module } from '@nestjs/common';
import { FieldCrypto } from '../common/field-crypto.service';
import { ResidentCrypto } from './resident-crypto';
import { ResidentKeyStore } from './resident-key-store';

/** Residents' data keys (envelope encryption), for every feature that shows a resident's name or numbers. */
@Global()
@Module({ providers: [FieldCrypto, ResidentKeyStore, ResidentCrypto], exports: [ResidentCrypto, ResidentKeyStore] })
export class ResidentKeysModule {}

import { Global, Module } from '@nestjs/common';
import { FieldCrypto } from '../common/field-crypto.service';
import { ResidentCrypto } from './resident-crypto';
import { ResidentKeyStore } from './resident-key-store';
import { SealedPlaces } from './sealed-places';

/** Residents' data keys (envelope encryption), for every feature that shows a resident's name or numbers. */
@Global()
@Module({ providers: [FieldCrypto, ResidentKeyStore, ResidentCrypto, SealedPlaces], exports: [ResidentCrypto, ResidentKeyStore, SealedPlaces] })
export class ResidentKeysModule {}

import { PLACES_FILE_MAX_BYTES, Role } from '@lp/shared';
import { applyDecorators, HttpCode, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { Roles } from '../common/access';
import { SingleFileInterceptor } from '../common/single-file';

/** An administrator's upload of a schools or venues file, read into memory up to its size limit. */
export const PlaceFileUpload = (help: string) =>
  applyDecorators(
    Roles(Role.Admin, Role.SuperAdmin),
    HttpCode(200),
    UseInterceptors(SingleFileInterceptor('file', PLACES_FILE_MAX_BYTES)),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: help } } } }),
  );

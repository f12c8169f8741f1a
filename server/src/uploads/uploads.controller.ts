import { Body, Controller, Get, Headers, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ANY_ROLE, Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { UuidParamPipe } from '../common/params';
import { UPLOAD_TYPES, type UploadedFile } from '@lp/shared';
import { UploadsService } from './uploads.service';
import { Returns, ReturnsFile } from '../openapi/returns';
import { ShowsPersonalData } from '../access-log/shows-personal-data';

@ApiTags('uploads')
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Returns('UploadedFile')
  @Post()
  @Roles(...ANY_ROLE)
  @ApiConsumes(...UPLOAD_TYPES)
  @ApiBody({ description: '文件本身（JPG、PNG 或 PDF，不超过 5 MB），Content-Type 写文件类型', schema: { type: 'string', format: 'binary' } })
  @ApiOperation({ summary: '上传证明材料（登录用户；只收 JPG、PNG、PDF，不超过 5 MB）' })
  upload(@CurrentActor() actor: Actor, @Headers('content-type') type: string | undefined, @Body() body: unknown): Promise<UploadedFile> {
    return this.uploads.store(actor, type, body);
  }

  @ReturnsFile('image/jpeg', 'image/png', 'application/pdf')
  @Get(':id')
  @Roles(...ANY_ROLE)
  @ShowsPersonalData('evidence-file')
  @ApiOperation({ summary: '查看上传的材料（上传者本人，或审核这份材料的区域管理员）' })
  async read(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const file = await this.uploads.read(actor, id);
    reply.header('Cache-Control', 'private, no-store');
    reply.header('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    return new StreamableFile(file.data, { type: file.contentType, disposition: file.contentType === 'application/pdf' ? 'inline; filename="evidence.pdf"' : 'inline' });
  }
}

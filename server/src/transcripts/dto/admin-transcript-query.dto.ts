import { IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';

/** `?residentId=&cursor=&limit=`: one resident's transcripts, for an administrator of their area. */
export class AdminTranscriptQueryDto extends PageQueryDto {
  /** 居民编号（居民名单里查到的） */
  @IsUUID('all', { message: '居民编号格式不对' })
  residentId: string;
}

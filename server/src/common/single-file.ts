// its types give the request isMultipart() and file()
import type {} from '@fastify/multipart';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor, Type, createParamDecorator, mixin } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { AppError } from './app-error';

type RequestWithFile = FastifyRequest & { uploadedFile?: Buffer };

/**
 * Reads the one file of a multipart/form-data request, sent as `field` and at most `maxBytes`
 * long, into memory for `@UploadedBuffer()`. Runs after the guards, so nobody without access
 * gets a file read. A request of another type has no file: the service says what is missing.
 */
export function SingleFileInterceptor(field: string, maxBytes: number): Type<NestInterceptor> {
  @Injectable()
  class SingleFile implements NestInterceptor {
    async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = ctx.switchToHttp().getRequest<RequestWithFile>();
      if (req.isMultipart()) req.uploadedFile = await readFile(req, field, maxBytes);
      return next.handle();
    }
  }
  return mixin(SingleFile);
}

async function readFile(req: FastifyRequest, field: string, maxBytes: number): Promise<Buffer | undefined> {
  try {
    const part = await req.file({ limits: { fileSize: maxBytes, files: 1, fields: 5 } });
    if (part && part.fieldname !== field) throw AppError.badRequest(`请把文件放在表单的 ${field} 字段里上传`);
    // a file over the limit throws FST_REQ_FILE_TOO_LARGE, which the error filter answers with 413
    return await part?.toBuffer();
  } catch (err) {
    if (err instanceof AppError || (err instanceof Error && err.name === 'FastifyError')) throw err;
    // the form parser's own errors mean a cut-off or malformed form: the client's doing, not ours
    throw AppError.badRequest('上传的文件不完整，请重新上传');
  }
}

/** The file `SingleFileInterceptor` read, or undefined when the request carried none. */
export const UploadedBuffer = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Buffer | undefined => ctx.switchToHttp().getRequest<RequestWithFile>().uploadedFile,
);

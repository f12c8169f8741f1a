import { Injectable } from '@nestjs/common';

/** The areas whose administrators review a file, as the feature that attached it knows them. */
export type ReviewAreasOf = (uploadId: string) => Promise<number[]>;

/**
 * Who besides its owner may read an upload: the administrators of the areas where it was attached
 * as evidence. The features that attach uploads (certifications) register here when they start, so
 * uploads asks them without importing them: the dependency goes one way, from them to uploads.
 */
@Injectable()
export class UploadReviewers {
  private readonly sources: ReviewAreasOf[] = [];

  register(source: ReviewAreasOf): void {
    this.sources.push(source);
  }

  async areasOf(uploadId: string): Promise<number[]> {
    const found = await Promise.all(this.sources.map((source) => source(uploadId)));
    return found.flat();
  }
}

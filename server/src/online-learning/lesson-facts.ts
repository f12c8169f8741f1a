import { Injectable } from '@nestjs/common';
import { ShortCache } from '../common/short-cache';
import { LessonFacts, OfferingsService } from '../offerings/offerings.service';

/** How long a heartbeat trusts what it read about a lesson and its activity. */
const FACTS_TTL_MS = 3000;
/** Lessons whose facts are kept at once. */
const FACTS_CACHE_SIZE = 5000;

/**
 * What every heartbeat of a lesson reads about it (its length, minutes and its activity's status),
 * cached for a few seconds: a class watching the same lesson sends hundreds of heartbeats a second.
 * A heartbeat that may credit the lesson reads it fresh, so a lesson of an activity stopped a moment
 * ago is never credited; only the seconds counted in those few seconds may still move on.
 */
@Injectable()
export class LessonFactsCache {
  private readonly cache = new ShortCache<number, LessonFacts>(FACTS_TTL_MS, FACTS_CACHE_SIZE);

  constructor(private readonly offerings: OfferingsService) {}

  /** The lesson's facts, from the cache unless `fresh`; null when there is no such lesson. */
  async facts(lessonId: number, fresh = false): Promise<LessonFacts | null> {
    const hit = fresh ? undefined : this.cache.get(lessonId);
    if (hit) return hit;
    const facts = await this.offerings.lessonFacts(lessonId);
    if (facts) this.cache.set(lessonId, facts);
    return facts;
  }
}

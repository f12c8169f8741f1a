import {
  EnrollmentError,
  HeartbeatRequest,
  HeartbeatResult,
  LessonPlayer,
  LessonProgress,
  OfferingKind,
  OfferingLessonProgress,
  OfferingStatus,
  OnlineLearningError,
  OnlineLearningToday,
  PlaybackState,
  Role,
  shanghaiDate,
  StartPlaybackRequest,
} from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { shanghaiDayStart } from '../common/time';
import { AppConfig } from '../config/app-config';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { LearningRecordsService } from '../learning-records/learning-records.service';
import { LessonFacts, OfferingsService } from '../offerings/offerings.service';
import { LessonFactsCache } from './lesson-facts';
import { Heartbeat, OnlineLearningRepository, ProgressRow } from './online-learning.repository';
import { creditableFromSeconds, measuredMinutes, requiredWatchSeconds } from './watch-rules';

const DAY_MS = 86400_000;

type Credit = PlaybackState['justCredited'];

/**
 * 线上学习学时. The player says where the video is; the server's clock says how long it played.
 * Only one playback per resident and lesson counts (the latest device to start), a lesson is
 * credited once when 90% of it was watched (CREDIT_PERCENT), with no more minutes than were watched
 * (the planned minutes and the video's length are the author's word, not a measurement), and online minutes credited per day stop
 * at ONLINE_DAILY_CAP_MINUTES: a lesson finishing when less remains gets what remains; when
 * nothing remains it waits, and is credited the next time it is played on a later day.
 */
@Injectable()
export class OnlineLearningService {
  constructor(
    private readonly repo: OnlineLearningRepository,
    private readonly learningRecords: LearningRecordsService,
    private readonly offerings: OfferingsService,
    private readonly lessons: LessonFactsCache,
    private readonly enrollments: EnrollmentsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async lessonPlayer(actor: Actor, lessonId: number): Promise<LessonPlayer> {
    this.assertResident(actor);
    const lesson = await this.visibleLesson(lessonId);
    const [enrolled, progress, today] = await Promise.all([
      this.enrollments.isEnrolled(lesson.offeringId, actor.userId),
      this.repo.progress(actor.userId, [lessonId]),
      this.today(null, actor.userId, this.clock.now()),
    ]);
    return {
      lesson: {
        id: lesson.lessonId,
        seq: lesson.seq,
        title: lesson.title,
        videoUrl: lesson.videoUrl,
        durationSeconds: lesson.durationSeconds,
        minutes: lesson.minutes,
      },
      offering: { id: lesson.offeringId, title: lesson.offeringTitle },
      enrolled,
      progress: this.progressView(lesson, progress.get(lessonId) ?? null),
      today,
    };
  }

  async offeringProgress(actor: Actor, offeringId: number): Promise<OfferingLessonProgress> {
    this.assertResident(actor);
    const offering = await this.offerings.kindAndStatus(offeringId);
    if (!offering || !isVisible(offering.status)) throw AppError.notFound('没有找到这个课程');
    const lessons = offering.kind === OfferingKind.MicroCourse ? await this.offerings.lessonsFacts(offeringId) : [];
    const [progress, today] = await Promise.all([
      this.repo.progress(actor.userId, lessons.map((l) => l.lessonId)),
      this.today(null, actor.userId, this.clock.now()),
    ]);
    return { offeringId, lessons: lessons.map((l) => this.progressView(l, progress.get(l.lessonId) ?? null)), today };
  }

  /** Starts counting on this device; any other device playing the lesson stops counting. */
  async startPlayback(actor: Actor, lessonId: number, req: StartPlaybackRequest): Promise<PlaybackState> {
    this.assertResident(actor);
    const lesson = await this.playableLesson(lessonId);
    if (!(await this.enrollments.isEnrolled(lesson.offeringId, actor.userId))) {
      // a state the resident can change (by enrolling), not a question of who they are: 409, not 403
      throw AppError.conflict('请先报名这个课程，报名后看视频才记学时', EnrollmentError.NotEnrolled);
    }
    const now = this.clock.now();
    const position = clampPosition(req.position ?? 0, lesson);
    return this.dataSource.transaction(async (m) => {
      const row = await this.repo.startPlayback(m, actor.userId, lessonId, randomUUID(), position, now);
      // a lesson that waited for the daily cap is credited as soon as a new day has room
      const credit = await this.creditIfDue(m, actor.userId, lesson, row, now);
      return this.state(m, actor.userId, lesson, credit ? { ...row, creditedAt: now, creditedMinutes: credit.minutes } : row, credit, now);
    });
  }

  /**
   * One heartbeat. Most only move the progress on: they take the lesson's facts from a cache of a
   * few seconds and, in one statement with no transaction around it, read the progress and the day's
   * minutes and move the progress on if no other write came in between (OnlineLearningRepository.moveOn).
   * A heartbeat that may credit the lesson, or that lost that race, takes the locked path: it reads the
   * lesson fresh and decides under the row lock and the resident's cap lock.
   */
  async heartbeat(actor: Actor, lessonId: number, req: HeartbeatRequest): Promise<HeartbeatResult> {
    this.assertResident(actor);
    const now = this.clock.now();
    const { date, from, to } = dayOf(now);
    const cached = assertPlayable(await this.lessons.facts(lessonId));
    const beat = (lesson: LessonFacts): Heartbeat => ({
      residentId: actor.userId, lessonId, playbackId: req.playbackId, position: clampPosition(req.position, lesson), at: now, durationSeconds: lesson.durationSeconds,
    });
    const first = beat(cached);
    const seen = await this.repo.moveOn(first, creditableFromSeconds(cached.durationSeconds, cached.minutes), from, to);
    const row = ownPlayback(seen.progress, req.playbackId);
    if (seen.watchedSeconds !== null) {
      const moved = { ...row, watchedSeconds: seen.watchedSeconds, lastPosition: first.position, lastHeartbeatAt: now };
      return {
        playbackId: row.playbackId,
        progress: this.progressView(cached, moved),
        today: { date, minutes: seen.todayMinutes, capMinutes: this.config.ONLINE_DAILY_CAP_MINUTES },
        justCredited: null,
        countedSeconds: seen.watchedSeconds - row.watchedSeconds,
      };
    }
    // what may credit the lesson is decided on the lesson as it is now, not as it was cached
    const lesson = assertPlayable(await this.lessons.facts(lessonId, true));
    return this.dataSource.transaction(async (m) => {
      const locked = ownPlayback(await this.repo.lockProgress(m, actor.userId, lessonId), req.playbackId);
      const moved = await this.repo.advance(m, beat(lesson));
      const credit = await this.creditIfDue(m, actor.userId, lesson, moved, now);
      const after = credit ? { ...moved, creditedAt: now, creditedMinutes: credit.minutes } : moved;
      return { ...(await this.state(m, actor.userId, lesson, after, credit, now)), countedSeconds: moved.watchedSeconds - locked.watchedSeconds };
    });
  }

  // ---------- crediting ----------

  /**
   * Writes the lesson's learning record, once, in the caller's transaction, when enough has been
   * watched. Crediting is serialised per resident so the daily cap holds when lessons finish together.
   */
  private async creditIfDue(m: EntityManager, residentId: string, lesson: LessonFacts, row: ProgressRow, now: Date): Promise<Credit> {
    if (!mayCredit(lesson, row)) return null;
    const earned = measuredMinutes(lesson.minutes, row.watchedSeconds);
    await this.repo.lockResidentCap(m, residentId);
    const { from, to } = dayOf(now);
    const used = await this.repo.minutesCredited(m, residentId, from, to);
    const minutes = Math.min(earned, this.config.ONLINE_DAILY_CAP_MINUTES - used);
    if (minutes <= 0) return null;
    const [record] = await this.learningRecords.record(m, [
      {
        residentId,
        source: 'online_lesson',
        sourceRef: `lesson:${lesson.lessonId}:${residentId}`,
        category: lesson.category,
        minutes,
        occurredAt: now,
        title: `${lesson.offeringTitle}·${lesson.title}`.slice(0, 100),
        offeringId: lesson.offeringId,
        evidence: `线上观看${row.watchedSeconds}秒（视频${lesson.durationSeconds}秒）`,
        recordedBy: null,
      },
    ]);
    await this.repo.markCredited(m, residentId, lesson.lessonId, now, minutes, record?.id ?? null);
    return { minutes, cappedFrom: minutes < earned ? earned : null };
  }

  // ---------- views ----------

  private async state(m: EntityManager, residentId: string, lesson: LessonFacts, row: ProgressRow, credit: Credit, now: Date): Promise<PlaybackState> {
    return {
      playbackId: row.playbackId,
      progress: this.progressView(lesson, row),
      today: await this.today(m, residentId, now),
      justCredited: credit,
    };
  }

  private progressView(lesson: LessonFacts, row: ProgressRow | null): LessonProgress {
    const requiredSeconds = requiredWatchSeconds(lesson.durationSeconds);
    const watchedSeconds = row?.watchedSeconds ?? 0;
    const credited = row?.creditedAt != null;
    return {
      lessonId: lesson.lessonId,
      watchedSeconds,
      requiredSeconds,
      durationSeconds: lesson.durationSeconds,
      minutes: lesson.minutes,
      credited,
      creditedMinutes: row?.creditedMinutes ?? null,
      creditedAt: row?.creditedAt ? new Date(row.creditedAt).toISOString() : null,
      waitingForCap: row !== null && mayCredit(lesson, row),
    };
  }

  private async today(m: EntityManager | null, residentId: string, now: Date): Promise<OnlineLearningToday> {
    const { date, from, to } = dayOf(now);
    return { date, minutes: await this.repo.minutesCredited(m, residentId, from, to), capMinutes: this.config.ONLINE_DAILY_CAP_MINUTES };
  }

  // ---------- rules ----------

  private assertResident(actor: Actor): void {
    if (actor.role !== Role.Resident) throw AppError.forbidden('只有居民可以看课记学时');
  }

  private async visibleLesson(lessonId: number): Promise<LessonFacts> {
    return assertVisible(await this.offerings.lessonFacts(lessonId));
  }

  private async playableLesson(lessonId: number): Promise<LessonFacts> {
    return assertPlayable(await this.offerings.lessonFacts(lessonId));
  }
}

/** A micro-course lesson residents may see, or 404. */
function assertVisible(lesson: LessonFacts | null): LessonFacts {
  if (!lesson || lesson.offeringKind !== OfferingKind.MicroCourse || !isVisible(lesson.offeringStatus)) {
    throw AppError.notFound('没有找到这节课');
  }
  return lesson;
}

/** A lesson whose watching still counts: visible and still published. */
function assertPlayable(lesson: LessonFacts | null): LessonFacts {
  if (assertVisible(lesson).offeringStatus !== OfferingStatus.Published) {
    throw AppError.conflict('这个课程已经停止了，现在看不记学时', OnlineLearningError.LessonUnavailable);
  }
  return lesson!;
}

/** The progress row of the playback this device started, or why this device no longer counts. */
function ownPlayback(row: ProgressRow | null, playbackId: string): ProgressRow {
  if (!row) throw AppError.notFound('没有找到这次播放，请重新点播放', OnlineLearningError.PlaybackNotFound);
  if (row.playbackId !== playbackId.toLowerCase()) throw AppError.conflict('已在另一台设备上播放，本设备不再计时', OnlineLearningError.PlaybackTakenOver);
  return row;
}

/** Whether this progress could earn the lesson's record now (creditIfDue decides under the locks). */
function mayCredit(lesson: LessonFacts, row: ProgressRow): boolean {
  const from = creditableFromSeconds(lesson.durationSeconds, lesson.minutes);
  return !row.creditedAt && from !== null && row.watchedSeconds >= from;
}

/** Residents see what was published, and what was published and then cancelled or finished. */
function isVisible(status: OfferingStatus): boolean {
  return status === OfferingStatus.Published || status === OfferingStatus.Cancelled || status === OfferingStatus.Finished;
}

/** Whole seconds, within the video. */
function clampPosition(position: number, lesson: LessonFacts): number {
  return Math.min(lesson.durationSeconds, Math.max(0, Math.floor(position)));
}

/** The Asia/Shanghai calendar day containing `at`. */
function dayOf(at: Date): { date: string; from: Date; to: Date } {
  const date = shanghaiDate(at);
  const from = shanghaiDayStart(date);
  return { date, from, to: new Date(from.getTime() + DAY_MS) };
}

/**
 * 线上学习学时: a micro-course lesson counts once, when enough of it was watched in real time.
 * The server's clock measures the watching; the player only says where the video is.
 */

/** The player reports its position this often while the video plays (the server tolerates up to twice as long). */
export const HEARTBEAT_SECONDS = 15;

/** Online minutes credited today (Asia/Shanghai) against the daily cap. */
export interface OnlineLearningToday {
  /** YYYY-MM-DD in Asia/Shanghai, by the server's clock. */
  date: string;
  minutes: number;
  capMinutes: number;
}

/** One resident's progress in one lesson. */
export interface LessonProgress {
  lessonId: number;
  /** Seconds watched in real time so far (never more than the lesson's length). */
  watchedSeconds: number;
  /** Seconds needed to be credited: 90% of the length, rounded up. */
  requiredSeconds: number;
  durationSeconds: number;
  /** The lesson's 学时 in minutes. */
  minutes: number;
  credited: boolean;
  /** Minutes actually written to the learning account; fewer than `minutes` when the daily cap cut it. */
  creditedMinutes: number | null;
  creditedAt: string | null;
  /** Watched enough, but today's cap was already full: credited on the next play on a later day. */
  waitingForCap: boolean;
}

/** GET /api/lessons/:id — what the lesson page shows before and while playing. */
export interface LessonPlayer {
  lesson: {
    id: number;
    seq: number;
    title: string;
    videoUrl: string;
    durationSeconds: number;
    minutes: number;
  };
  offering: { id: number; title: string };
  /** Enrolled in the micro-course: may play for 学时. */
  enrolled: boolean;
  progress: LessonProgress;
  today: OnlineLearningToday;
}

/** GET /api/offerings/:id/lesson-progress — every lesson of a micro-course. */
export interface OfferingLessonProgress {
  offeringId: number;
  lessons: LessonProgress[];
  today: OnlineLearningToday;
}

/** POST /api/lessons/:id/playbacks — starting on a device takes over from any other. */
export interface StartPlaybackRequest {
  /** Where the video starts, in seconds (0 unless resuming). */
  position?: number;
}

/** What the player is told after starting or after each heartbeat. */
export interface PlaybackState {
  playbackId: string;
  progress: LessonProgress;
  today: OnlineLearningToday;
  /** Set on the heartbeat (or start) that credited the lesson. */
  justCredited: { minutes: number; cappedFrom: number | null } | null;
}

/** POST /api/lessons/:id/heartbeats — every HEARTBEAT_SECONDS while playing, and on pause or end. */
export interface HeartbeatRequest {
  playbackId: string;
  /** The video's position, in seconds. */
  position: number;
}

export interface HeartbeatResult extends PlaybackState {
  /** Seconds this heartbeat added (0 when paused, seeking or after crediting). */
  countedSeconds: number;
}

/** Watching micro-course lessons for 学时. */
export const OnlineLearningError = {
  /** Another device started the same lesson: this one no longer counts. */
  PlaybackTakenOver: 'playback_taken_over',
  /** The playback id is unknown (never started, or for another lesson). */
  PlaybackNotFound: 'playback_not_found',
  /** The course is not published (draft, cancelled). */
  LessonUnavailable: 'lesson_unavailable',
} as const;

export type OnlineLearningError = (typeof OnlineLearningError)[keyof typeof OnlineLearningError];

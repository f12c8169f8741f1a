import { HEARTBEAT_SECONDS } from '@lp/shared';

/** A lesson is credited once this share of its length has been watched in real time. */
export const CREDIT_PERCENT = 90;
/** One heartbeat never adds more than this (two heartbeats' worth), however long since the previous one. */
export const MAX_HEARTBEAT_GAP_SECONDS = 2 * HEARTBEAT_SECONDS;
/** The player may run up to this fast (WeChat's video offers 0.5×–2×) and still be watching. */
export const MAX_PLAYBACK_RATE = 2;
/** Timers and the network are not exact: a position this far ahead of the clock is still "in step". */
export const POSITION_SLACK_SECONDS = 5;

/**
 * The seconds watched after a heartbeat, as an SQL int over the lesson_progress row `p` as it was
 * before it: the one place the rule is written, for the heartbeat that moves on alone and for the
 * one that moves on under the row lock, so both count the same.
 *
 * Only time that passed on the server's clock and that the video really moved through counts:
 * min(elapsed, position advance, MAX_HEARTBEAT_GAP_SECONDS), rounded down, and never past the
 * video's end. Nothing counts when the position stood still or went back (paused, idle, replaying
 * from an earlier point) or when it jumped further than the clock allows (dragging the progress bar
 * forward). The arguments are SQL placeholders: the new position (int), the heartbeat's instant
 * (timestamptz) and the video's length in seconds (int).
 */
export function watchedAfterSql(position: string, at: string, durationSeconds: string): string {
  const elapsed = `extract(epoch FROM ${at}::timestamptz - p.last_heartbeat_at)`;
  const advance = `(${position}::int - p.last_position)`;
  return `least(${durationSeconds}::int, p.watched_seconds + CASE
      WHEN ${elapsed} > 0 AND ${advance} > 0 AND ${advance} <= ${elapsed} * ${MAX_PLAYBACK_RATE} + ${POSITION_SLACK_SECONDS}
      THEN floor(least(${elapsed}, ${advance}, ${MAX_HEARTBEAT_GAP_SECONDS}))::int ELSE 0 END)`;
}

/** Seconds of real watching a lesson of this length needs before it is credited: 90%, rounded up. */
export function requiredWatchSeconds(durationSeconds: number): number {
  return Math.max(1, Math.ceil((durationSeconds * CREDIT_PERCENT) / 100));
}

/**
 * Minutes a lesson may credit: its planned 学时, but never more than the whole minutes the server
 * counted it being watched. The planned minutes and the video's length are both typed by the
 * lesson's author; only the watching is measured, so a 2-second video earns nothing.
 */
export function measuredMinutes(plannedMinutes: number, watchedSeconds: number): number {
  return Math.max(0, Math.min(plannedMinutes, Math.floor(watchedSeconds / 60)));
}

/**
 * The watched seconds from which a lesson may be credited: 90% of it, and at least a whole minute
 * (less earns no minute); null for a lesson with no minutes to credit.
 */
export function creditableFromSeconds(durationSeconds: number, minutes: number): number | null {
  return minutes >= 1 ? Math.max(requiredWatchSeconds(durationSeconds), 60) : null;
}

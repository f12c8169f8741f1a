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
 * Seconds of real watching between two heartbeats, by the server's clock.
 *
 * Only time that passed on the server and that the video really moved through counts:
 * min(elapsed, position advance, MAX_HEARTBEAT_GAP_SECONDS), rounded down. Nothing counts when
 * the position stood still or went back (paused, idle, replaying from an earlier point) or when it
 * jumped further than the clock allows (dragging the progress bar forward).
 */
export function countedSeconds(elapsedMs: number, fromPosition: number, toPosition: number): number {
  const advance = toPosition - fromPosition;
  if (!(elapsedMs > 0) || !(advance > 0)) return 0;
  const elapsed = elapsedMs / 1000;
  if (advance > elapsed * MAX_PLAYBACK_RATE + POSITION_SLACK_SECONDS) return 0;
  return Math.floor(Math.min(elapsed, advance, MAX_HEARTBEAT_GAP_SECONDS));
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

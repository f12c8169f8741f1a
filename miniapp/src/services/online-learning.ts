import type { HeartbeatResult, LessonPlayer, OfferingLessonProgress, PlaybackState } from './api/types'
import { api } from './request'

/** 线上学习: the lesson with the resident's own progress and today's online minutes. */
export function getLessonPlayer(lessonId: number): Promise<LessonPlayer> {
  return api.get('/api/lessons/{id}', { path: { id: lessonId } })
}

/** Every lesson of a micro-course: watched or not, credited or not. */
export function getLessonProgress(offeringId: number): Promise<OfferingLessonProgress> {
  return api.get('/api/offerings/{id}/lesson-progress', { path: { id: offeringId } })
}

/** Starts counting on this phone; another phone playing the same lesson stops counting. */
export function startPlayback(lessonId: number, position: number): Promise<PlaybackState> {
  return api.post('/api/lessons/{id}/playbacks', { path: { id: lessonId }, body: { position: Math.max(0, Math.floor(position)) } })
}

/** Where the video is now; the server's clock decides how much of it counts. */
export function sendHeartbeat(lessonId: number, playbackId: string, position: number): Promise<HeartbeatResult> {
  return api.post('/api/lessons/{id}/heartbeats', { path: { id: lessonId }, body: { playbackId, position: Math.max(0, Math.floor(position)) } })
}

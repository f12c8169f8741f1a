/**
 * The demo's lesson videos, kept in server/assets/media/demo and served by the portal at /media/:
 * one per lesson length, so that watching a demo lesson to its end earns its minutes. The path is
 * relative to the portal; the app puts the API's address in front (server/scripts/make-demo-videos.sh
 * makes the files).
 */
export function demoVideoPath(seconds: number): string {
  return `/media/demo/lesson-${seconds}s.mp4`;
}

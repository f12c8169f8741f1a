import { NominationView, SelectionKind, SelectionView } from '@lp/shared';
import { Clock } from '@lp/server/dist/common/clock';
import { TestApi } from './api';

/** A day counted from the server clock's today in Asia/Shanghai, as YYYY-MM-DD. */
export function dayFromToday(api: TestApi, days: number): string {
  const now = api.app.get(Clock).now().getTime();
  return new Date(now + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Moves the server clock to noon (Shanghai) of a day counted from the real today. */
export function travelToDay(api: TestApi, days: number): void {
  const clock = api.app.get(Clock);
  clock.reset();
  clock.travelTo(new Date(`${dayFromToday(api, days)}T12:00:00+08:00`));
}

/**
 * A selection open for nominations today: nominations until in 5 days, 公示 from day 6 to day 12.
 * A unique year per call keeps one area's selections from colliding (one per area, kind and year).
 */
let yearSeq = 2030;
export async function newSelection(
  api: TestApi,
  adminToken: string,
  areaId: number,
  opts: { kind?: SelectionKind; quota?: number; year?: number } = {},
): Promise<SelectionView> {
  const res = await api.http.as(adminToken).post<SelectionView>('/api/selections', {
    kind: opts.kind ?? 'star',
    areaId,
    title: `测试评选${Date.now() % 100000}`,
    year: opts.year ?? yearSeq++,
    quota: opts.quota ?? 3,
    nominateFrom: dayFromToday(api, -1),
    nominateUntil: dayFromToday(api, 5),
    noticeStart: dayFromToday(api, 6),
    noticeEnd: dayFromToday(api, 12),
  });
  if (res.status !== 201) throw new Error(`selection not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const STORY = '多年坚持到社区学校学习书法和数字技能，还带动邻居一起参加读书会。';

export async function nominate(api: TestApi, token: string, selectionId: number, body: Record<string, unknown> = {}): Promise<NominationView> {
  const res = await api.http.as(token).post<NominationView>(`/api/selections/${selectionId}/nominations`, { story: STORY, ...body });
  if (res.status !== 201) throw new Error(`nomination refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

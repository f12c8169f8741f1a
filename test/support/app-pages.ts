import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SRC = resolve(__dirname, '..', '..', 'miniapp', 'src');

export interface AppPage {
  /** e.g. `subpackages/learn/pages/detail/index` */
  route: string;
  /** The title its own index.config.ts gives it. */
  title: string;
  /** One of the tab bar's pages. */
  tab: boolean;
  /** Whose pages they are: `learn` (and the main package) for residents, `teacher`, `admin`. */
  area: 'learn' | 'teacher' | 'admin';
}

/** Every page of the mini program's app.config.ts, main package and subpackages, as the H5 build has them. */
export function appPages(): AppPage[] {
  const app = readFileSync(join(SRC, 'app.config.ts'), 'utf8');
  const main = [...app.slice(app.indexOf('pages:'), app.indexOf(']')).matchAll(/'(pages\/[^']+)'/g)].map((m) => m[1]);
  const sub = [...app.matchAll(/root: '([^']+)'[\s\S]*?pages: \[([\s\S]*?)\]/g)].flatMap((m) => [...m[2].matchAll(/'([^']+)'/g)].map((p) => `${m[1]}/${p[1]}`));
  const tabs = [...app.slice(app.indexOf('tabBar')).matchAll(/pagePath: '([^']+)'/g)].map((m) => m[1]);
  return [...main, ...sub].map((route) => {
    const config = readFileSync(join(SRC, `${route}.config.ts`), 'utf8');
    const area = /^subpackages\/(teacher|admin)\//.exec(route)?.[1] as AppPage['area'] | undefined;
    return { route, title: /navigationBarTitleText: '([^']+)'/.exec(config)![1], tab: tabs.includes(route), area: area ?? 'learn' };
  });
}

/*
 * H5 only: Taro components that only a few pages use (a video, pickers, a text area, a map, a canvas,
 * a scrolling table), each declared in a module of its own.
 *
 * Taro's React wrapper for H5 declares every component in one module, and webpack keeps in it each
 * component that any page uses; that module lands in the chunk 首页 loads, so the video player, the
 * pickers and the map (about 180 KB before compression) travelled to every resident's first screen.
 * Declared here instead, each goes only into the chunks of the pages that use it. The wrapper and the
 * web components are Taro's own (pinned at @tarojs/components 4.2.1); only where they are declared
 * changes. On WeChat each file's plain twin (`picker.ts` beside `picker.h5.ts`) hands over the
 * platform's own component, and Taro picks the `.h5.ts` file for the H5 build.
 */
import type * as Components from '@tarojs/components'
import { manipulatePropsFunction } from '@tarojs/components/lib/react/helper'
import { createReactComponent } from '@tarojs/components/lib/react/react-component-lib'

/** The same React wrapper Taro makes for the web component `tag`, typed as Taro's component `K`. */
export function wrapTaroComponent<K extends keyof typeof Components>(tag: string, define: () => void): (typeof Components)[K] {
  return createReactComponent(tag, undefined, manipulatePropsFunction, define) as unknown as (typeof Components)[K]
}

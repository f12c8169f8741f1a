import { defineCustomElement } from '@tarojs/components/dist/components/taro-scroll-view-core'
import { wrapTaroComponent } from './wrap'

/** ScrollView for H5, in the chunks of the pages that use it (see wrap.ts). */
export const ScrollView = wrapTaroComponent<'ScrollView'>('taro-scroll-view-core', defineCustomElement)

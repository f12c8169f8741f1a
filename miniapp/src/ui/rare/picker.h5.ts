import { defineCustomElement } from '@tarojs/components/dist/components/taro-picker-core'
import { wrapTaroComponent } from './wrap'

/** Picker for H5, in the chunks of the pages that use it (see wrap.ts). */
export const Picker = wrapTaroComponent<'Picker'>('taro-picker-core', defineCustomElement)

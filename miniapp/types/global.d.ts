/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.scss'

/** Origin of the API, set at build time (empty in H5: same origin). */
declare const API_BASE: string

/** H5: the map tiles the venue form's map draws on ({x} {y} {z}, optional {s}); empty: no map. */
declare const MAP_TILES: string

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production'
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    TARO_APP_ID: string
    /** Mini program only: where the API server answers. */
    TARO_APP_API_BASE?: string
    /** H5 only: a tile address template for the venue map, in GCJ-02 like the stored coordinates; "" turns the map off. */
    TARO_APP_MAP_TILES?: string
  }
}

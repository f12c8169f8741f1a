import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import CompressionPlugin from 'compression-webpack-plugin'
import { constants } from 'node:zlib'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import { PreloadHomePage } from './preload-home'
import devConfig from './dev'
import prodConfig from './prod'

/** Where API calls go. H5 is served by the API server itself, so it stays on the same origin. */
function apiBase(): string {
  if (process.env.TARO_ENV === 'h5') return ''
  return process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000'
}

/**
 * The venue form's map in H5: AMap's street tiles, drawn in GCJ-02 like the coordinates WeChat gives
 * and the portal stores. A district on a closed network sets TARO_APP_MAP_TILES to its own tile
 * server, or to "" for no map (coordinates are then typed).
 */
const DEFAULT_MAP_TILES = 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}'

/** NutUI is drawn on a 375 wide design; our own styles on 750. */
function designWidth(input?: string | number | { file?: string }): number {
  const file = typeof input === 'object' && input ? input.file ?? '' : ''
  return file.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750
}

/** Text files of the H5 build worth compressing (images and fonts are compressed already). */
const TEXT_FILES = /\.(js|css|html|svg|json)$/

/**
 * Brotli and gzip copies beside each text file, made once at build time at the highest settings:
 * the server sends the one a phone accepts and compresses nothing of the app per request.
 */
function precompress(chain: { plugin(name: string): { use(plugin: unknown, args: unknown[]): unknown } }): void {
  const common = { test: TEXT_FILES, threshold: 1024, minRatio: 0.9 }
  chain.plugin('brotli').use(CompressionPlugin, [
    { ...common, filename: '[path][base].br', algorithm: 'brotliCompress', compressionOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } } }
  ])
  chain.plugin('gzip').use(CompressionPlugin, [{ ...common, filename: '[path][base].gz', algorithm: 'gzip', compressionOptions: { level: 9 } }])
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'lifelong-learning',
    date: '2026-11-22',
    designWidth,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2
    },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase()),
      MAP_TILES: JSON.stringify(process.env.TARO_APP_MAP_TILES ?? DEFAULT_MAP_TILES)
    },
    copy: {
      patterns: [],
      options: {}
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: false
    },
    mini: {
      // Component styles never depend on each other's order, so the order warnings are noise.
      miniCssExtractPluginOption: {
        ignoreOrder: true
      },
      postcss: {
        pxtransform: {
          enable: true,
          config: {}
        },
        cssModules: {
          enable: false
        }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      }
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: {
        mode: 'hash'
      },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js'
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash].css'
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: {}
        },
        cssModules: {
          enable: false
        }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        if (process.env.NODE_ENV !== 'development') {
          chain.plugin('preload-home').use(PreloadHomePage)
          precompress(chain)
        }
      }
    }
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})

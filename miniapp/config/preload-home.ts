import type { Compiler } from 'webpack'

/**
 * H5: index.html asks for 首页's own script and style chunks (`<link rel="preload">`) together with
 * the app's, instead of the router asking for them only once the app's scripts have run: one round
 * of the slow phone's requests fewer before 首页 shows (see `npm run bench:h5`). Runs after the HTML
 * page is written and before the compressed copies are made.
 */
export class PreloadHomePage {
  constructor(private readonly page = 'pages/index/index') {}

  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('PreloadHomePage', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'PreloadHomePage', stage: Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE }, () => {
        const html = compilation.getAsset('index.html')
        if (!html) return
        const publicPath = compilation.outputOptions.publicPath === 'auto' ? '/' : String(compilation.outputOptions.publicPath ?? '/')
        const files = new Set<string>()
        for (const group of compilation.chunkGroups) {
          if (!group.origins.some((origin) => origin.request?.replace(/\\/g, '/').endsWith(this.page))) continue
          for (const chunk of group.chunks) for (const file of chunk.files) files.add(file)
        }
        const links = [...files]
          .filter((file) => /\.(js|css)$/.test(file))
          .sort()
          .map((file) => `<link rel="preload" href="${publicPath}${file}" as="${file.endsWith('.css') ? 'style' : 'script'}">`)
        if (!links.length) throw new Error(`PreloadHomePage: no chunk of ${this.page} found`)
        const text = html.source.source().toString().replace('</head>', `${links.join('')}</head>`)
        compilation.updateAsset('index.html', new sources.RawSource(text))
      })
    })
  }
}

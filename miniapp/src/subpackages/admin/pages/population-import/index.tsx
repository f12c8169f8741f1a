import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { AREA_LEVEL_LABELS, ClientError, POPULATION_FIGURES, POPULATION_FILE_MAX_BYTES } from '@lp/shared'
import { useState, type ChangeEvent } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { findArea, getAreaTree } from '../../../../services/areas'
import { saveBlob, sizeText } from '../../../../services/files'
import { ApiError, toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { importPopulation } from '../../../../services/statistics'
import { idParam } from '../../../../utils/params'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import PopulationBalanceNote from '../../components/PopulationBalanceNote'
import YearStepper from '../../components/YearStepper'
import { currentYear, formatCount } from '../../population-fields'
import type { AreaNode, PopulationImportResult } from '../../../../services/api/types'
import { privacyProblem } from '../../../../utils/privacy'
import './index.scss'

const IN_BROWSER = process.env.TARO_ENV === 'h5'
const TOO_BIG = new ApiError(0, { code: ClientError.PopulationFileTooBig, message: `文件太大了，请不要超过 ${sizeText(POPULATION_FILE_MAX_BYTES)}。` })

type Step = { kind: 'idle' } | { kind: 'uploading'; name: string } | { kind: 'done'; result: PopulationImportResult } | { kind: 'failed'; error: ApiError }

const cancelled = (error: unknown): boolean => /cancel/i.test(String(Reflect.get(Object(error), 'errMsg') ?? ''))

/** A CSV with the header the server reads and one line per area, codes and names filled in. */
function templateCsv(node: AreaNode): string {
  const header = ['区域编码', '区域名称', ...POPULATION_FIGURES.map((f) => f.label)]
  const lines = [node, ...node.children].map((a) => [a.code, a.name, ...POPULATION_FIGURES.map(() => '')])
  return '\uFEFF' + [header, ...lines].map((cells) => cells.join(',')).join('\r\n') + '\r\n'
}

/**
 * 从表格导入: an area's and its children's population figures for a year from one .xlsx or .csv.
 * The server checks every line before writing anything; a refused file comes back with each
 * problem named by its line.
 */
export default function PopulationImportPage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const areaId = idParam(params.areaId) ?? user?.area?.id ?? null
  const thisYear = currentYear()
  const [year, setYear] = useState(idParam(params.year) ?? thisYear)
  const [step, setStep] = useState<Step>({ kind: 'idle' })
  const allowed = isAdmin(user) && areaId !== null
  const tree = useLoader(getAreaTree, [], allowed)

  if (!user || !allowed || areaId === null) {
    return (
      <PageShell className='population-import'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const node = tree.data ? findArea(tree.data, areaId) : null
  const busy = step.kind === 'uploading'

  const send = async (name: string, upload: () => Promise<PopulationImportResult>) => {
    setStep({ kind: 'uploading', name })
    try {
      setStep({ kind: 'done', result: await upload() })
    } catch (error) {
      setStep({ kind: 'failed', error: toApiError(error) })
    }
  }

  const onBrowserFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    if (file.size > POPULATION_FILE_MAX_BYTES) {
      setStep({ kind: 'failed', error: TOO_BIG })
      return
    }
    void send(file.name, () => importPopulation(areaId, year, file))
  }

  const choosePhoneFile = async () => {
    let picked: Taro.chooseMessageFile.SuccessCallbackResult
    try {
      picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] })
    } catch (error) {
      if (!cancelled(error)) setStep({ kind: 'failed', error: new ApiError(0, privacyProblem(error) ?? { code: ClientError.Client, message: '没有打开聊天文件，请稍后再试。' }) })
      return
    }
    const file = picked.tempFiles[0]
    if (!file) return
    if (file.size > POPULATION_FILE_MAX_BYTES) {
      setStep({ kind: 'failed', error: TOO_BIG })
      return
    }
    void send(file.name, () => importPopulation(areaId, year, file.path))
  }

  const saveTemplate = () => {
    if (!node) return
    saveBlob(new Blob([templateCsv(node)], { type: 'text/csv;charset=utf-8' }), `${node.name}人口数据模板.csv`)
  }

  return (
    <PageShell className='population-import'>
      <View className='card'>
        <View className='population-import__area' id='population-import-area'>
          {node ? `${node.name}（${AREA_LEVEL_LABELS[node.level]}）` : '　'}
        </View>
        <YearStepper year={year} max={thisYear + 1} onChange={setYear} />
      </View>

      {tree.error ? <ErrorNotice error={tree.error} onRetry={tree.reload} /> : null}
      {tree.loading && !tree.data ? <LoadingNotice /> : null}

      <Section id='population-import-help' title='表格怎么写'>
        <View className='card population-import__help'>
          <View className='population-import__point'>1. 第一行是表头，写清每一列是什么：</View>
          <View className='population-import__columns'>
            <View>· “区域编码”或“区域名称”（写一列就行，两列都写时先按编码找）</View>
            {POPULATION_FIGURES.map((f) => (
              <View key={f.key}>
                · “{f.label}”{f.kind === 'organisations' ? '（可以不写，不写就保留原来填的数）' : ''}
              </View>
            ))}
          </View>
          <View className='population-import__point'>
            2. 从第二行起，每行一个地区：可以是{node?.name ?? '本地区'}本身，也可以是它的下级地区
            {node?.children.length ? `（${node.children.map((c) => c.name).join('、')}）` : ''}。不需要的地区可以不写。
          </View>
          <View className='population-import__point'>3. 人数和组织个数写整数，不要写“人”“个”字；可以带千位逗号，如 12,345。各类人群不能多于常住人口，已创建的学习型组织不能多于各类组织数。</View>
          <View className='population-import__point'>
            4. 文件用 Excel 表格（.xlsx）或 CSV，不超过 2 MB、2000 行。Excel 直接另存的 CSV 就可以（UTF-8 或 GBK 编码都行）；旧的 .xls 请先另存为 .xlsx。
          </View>
          <View className='population-import__point'>5. 有一行不对，整份文件都不导入，并告诉您第几行哪里不对；改好后重新上传即可。</View>
          {node ? (
            <View className='population-import__example' id='population-import-example'>
              <View className='muted'>例如：</View>
              <View className='population-import__sample'>区域编码,区域名称,{POPULATION_FIGURES.map((f) => f.label).join(',')}</View>
              <View className='population-import__sample'>
                {(node.children[0] ?? node).code},{(node.children[0] ?? node).name},20000,5200,3100,9800,1200,300,0,12,9
              </View>
            </View>
          ) : null}
          {IN_BROWSER && node ? (
            <View className='button-row'>
              <Button id='population-import-template' fill='outline' size='large' block onClick={saveTemplate}>
                下载填写模板（已写好地区编码和名称）
              </Button>
            </View>
          ) : null}
        </View>
      </Section>

      <Section title={`上传${year}年的人口数据`}>
        <View className='card'>
          {IN_BROWSER ? (
            <View className={busy ? 'population-import__pick population-import__pick--busy' : 'population-import__pick'}>
              {busy ? '正在导入…' : '选择 Excel 或 CSV 文件'}
              <input
                id='population-import-file'
                aria-label='选择 Excel 或 CSV 文件'
                className='population-import__input'
                type='file'
                accept='.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv'
                disabled={busy}
                onChange={onBrowserFile}
              />
            </View>
          ) : (
            <Button id='population-import-choose' type='primary' size='large' block loading={busy} onClick={() => void choosePhoneFile()}>
              从微信聊天里选文件
            </Button>
          )}
          {step.kind === 'uploading' ? <View className='muted population-import__status'>正在导入 {step.name}…</View> : null}
        </View>
      </Section>

      {step.kind === 'failed' ? (
        <View id='population-import-error'>
          <ErrorNotice error={step.error} />
        </View>
      ) : null}

      {step.kind === 'done' ? (
        <Section id='population-import-result' title={`已导入 ${step.result.imported.length} 个地区`}>
          <View className='card'>
            {step.result.imported.map(({ area, figures }) => (
              <InfoRow key={area.id} label={area.name} value={`常住人口 ${formatCount(figures.residentTotal)} 人`} />
            ))}
          </View>
          <PopulationBalanceNote id='population-import-balance' balance={step.result.balance} />
          <View className='button-row'>
            <Button
              id='population-import-view'
              type='primary'
              size='large'
              block
              onClick={() => void Taro.redirectTo({ url: withQuery(ROUTES.adminPopulation, { areaId, year }) })}
            >
              查看人口数据
            </Button>
          </View>
        </Section>
      ) : null}
    </PageShell>
  )
}

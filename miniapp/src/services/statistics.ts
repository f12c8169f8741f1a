import Taro from '@tarojs/taro'
import type {
  ApiError as ApiErrorBody,
  CategoryStatistics,
  ChildStatistics,
  GroupStatistics,
  MonthStatistics,
  PopulationBalance,
  PopulationImportResult,
  StarCandidate,
  StarRankingBy,
  StatisticsOverview,
  YearOverYear
} from '@lp/shared'
import { httpStatusError } from '@lp/shared'
import { downloadFile, fetchFileBlob } from './files'
import { ApiError, NETWORK_ERROR, api, freshAccessToken } from './request'

/** Participation statistics of an area and year, for its administrators (the server checks the scope). */

const base = (areaId: number) => `/api/areas/${areaId}/statistics`

export function getOverview(areaId: number, year: number): Promise<StatisticsOverview> {
  return api.get<StatisticsOverview>(base(areaId), { year })
}

export function getChildStatistics(areaId: number, year: number): Promise<ChildStatistics[]> {
  return api.get<ChildStatistics[]>(`${base(areaId)}/children`, { year })
}

export function getMonths(areaId: number, year: number): Promise<MonthStatistics[]> {
  return api.get<MonthStatistics[]>(`${base(areaId)}/months`, { year })
}

export function getCategories(areaId: number, year: number): Promise<CategoryStatistics[]> {
  return api.get<CategoryStatistics[]>(`${base(areaId)}/categories`, { year })
}

export function getGroups(areaId: number, year: number): Promise<GroupStatistics[]> {
  return api.get<GroupStatistics[]>(`${base(areaId)}/by-group`, { year })
}

export function getYearOverYear(areaId: number, year: number): Promise<YearOverYear> {
  return api.get<YearOverYear>(`${base(areaId)}/year-over-year`, { year })
}

export const STARS_SHOWN = 10

/** 百姓学习之星 candidates; residents who opted out of rankings are already left out. */
export function getStars(areaId: number, year: number, by: StarRankingBy): Promise<StarCandidate[]> {
  return api.get<StarCandidate[]>(`${base(areaId)}/stars`, { year, by, limit: STARS_SHOWN })
}

/** Whether the children's population figures add up to the node's own. */
export function getPopulationCheck(areaId: number, year: number): Promise<PopulationBalance> {
  return api.get<PopulationBalance>(`${base(areaId)}/population-check`, { year })
}

const EXPORT_FAILED = '指标表没有下载成功，请稍后再试。'

/**
 * 导出 Excel: the indicator table in the shape of the 任务分解表. It needs the Authorization
 * header, so the browser fetches it and saves it from memory, and the mini program downloads it
 * and opens it in WeChat's document viewer, where it can be forwarded or saved.
 */
export async function exportIndicatorWorkbook(areaId: number, year: number, areaName: string): Promise<void> {
  const path = `${base(areaId)}/export?year=${year}`
  if (process.env.TARO_ENV !== 'h5') {
    const filePath = await downloadFile(path, EXPORT_FAILED)
    await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true })
    return
  }
  const href = URL.createObjectURL(await fetchFileBlob(path, EXPORT_FAILED))
  const link = document.createElement('a')
  link.href = href
  link.download = `${areaName}${year}年指标完成情况.xlsx`
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
}

/** What the server accepts for a population import; it checks again, this only spares a pointless upload. */
export const POPULATION_FILE_MAX_BYTES = 2 * 1024 * 1024

const importPath = (areaId: number, year: number) => `/api/areas/${areaId}/population/${year}/import`
const OFFLINE = () => new ApiError(0, { code: NETWORK_ERROR, message: '连不上服务器，请检查网络后再试。' })
const IMPORT_FAILED = '人口数据没有导入成功，请稍后再试。'

function isErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'message') === 'string'
}

function importAnswer(status: number, body: unknown): PopulationImportResult {
  if (status >= 200 && status < 300) return body as PopulationImportResult
  throw new ApiError(status, isErrorBody(body) ? body : { code: httpStatusError(status), message: IMPORT_FAILED })
}

/** Browser: the file from an <input type="file">, sent as multipart field `file`. */
export async function importPopulationBrowserFile(areaId: number, year: number, file: File): Promise<PopulationImportResult> {
  const token = await freshAccessToken()
  const form = new FormData()
  form.append('file', file, file.name)
  let res: Response
  try {
    res = await fetch(API_BASE + importPath(areaId, year), { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form })
  } catch {
    throw OFFLINE()
  }
  const body: unknown = await res.json().catch(() => null)
  return importAnswer(res.status, body)
}

/** Mini program: a file picked from a WeChat chat (Taro.chooseMessageFile), uploaded from its temporary path. */
export async function importPopulationPhoneFile(areaId: number, year: number, filePath: string): Promise<PopulationImportResult> {
  const token = await freshAccessToken()
  let res: Taro.uploadFile.SuccessCallbackResult
  try {
    res = await Taro.uploadFile({ url: API_BASE + importPath(areaId, year), filePath, name: 'file', header: { Authorization: `Bearer ${token}` } })
  } catch {
    throw OFFLINE()
  }
  let body: unknown = null
  try {
    body = JSON.parse(res.data)
  } catch {
    body = null
  }
  return importAnswer(res.statusCode, body)
}

import { listSchools, listVenues } from '../../services/places'
import type { SchoolSummary, VenueSummary } from '../../services/api/types'

export interface SchoolPlaces {
  school: SchoolSummary | null
  /** Venues in the school's area, the school's own first. */
  venues: VenueSummary[]
}

/** The teacher's school, then the venues around it with the school's own first. */
export async function loadSchoolPlaces(schoolId: number): Promise<SchoolPlaces> {
  const schools = await listSchools()
  const school = schools.find((s) => s.id === schoolId) ?? null
  if (!school) return { school: null, venues: [] }
  const venues = await listVenues(school.area.id)
  const own = venues.filter((v) => v.schoolId === school.id)
  const others = venues.filter((v) => v.schoolId !== school.id)
  return { school, venues: [...own, ...others] }
}

/*
** evidence_demo.c — demo recordings: an on-site-inspection recording for every
** other inspection that has reached the site, so that the others show as
** missing their recording. Files are not made up. Plan clause 19.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/clock.h"
#include "evidence.h"
#include "org.h"
#include "fieldwork.h"

/*
** Demo: an on-site-inspection recording for every other inspection that
** has reached the site (the others then show as "missing recording"). The
** demo schedules inspections only; field enforcement's demo moves some on
** site, so run after it. Files are not made up: recordings without files.
*/
int evidence_demo(zf_db *pDb, int scale, zf_error *e){
  static const char zSql[] =
    "SELECT i.id, (SELECT min(person_id) FROM inspection_person p WHERE p.inspection_id=i.id"
    "   AND p.role='officer'), coalesce(i.actual_start, i.window_from || 'T01:30:00Z')"
    " FROM inspection i WHERE (i.status='in_progress' OR i.status='reported' OR i.status='closed')"
    " ORDER BY i.id LIMIT 2000";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t aId[2000], aOfficer[2000];
  char azStart[2000][24];
  int n = 0, i, rc = ZF_OK;
  (void)scale;
  if( pStmt==0 ) return ZF_EINTERNAL;
  while( n<2000 && db_step(pStmt)==1 ){
    if( db_column_type(pStmt, 1)==DB_NULL ) continue;
    aId[n] = db_column_int64(pStmt, 0);
    aOfficer[n] = db_column_int64(pStmt, 1);
    snprintf(azStart[n], sizeof azStart[n], "%.20s", db_text(pStmt, 2));
    n++;
  }
  db_reset(pStmt);
  for(i=0; i<n && rc==ZF_OK; i+=2){
    av_record_new a;
    char zEnd[24];
    memset(&a, 0, sizeof a);
    snprintf(zEnd, sizeof zEnd, "%.11s03:00:00Z", azStart[i]);
    a.zLinkKind = "inspection"; a.linkId = aId[i]; a.zOccasion = "onsite_inspection";
    a.zStarted = azStart[i]; a.zEnded = strcmp(zEnd, azStart[i])>0 ? zEnd : azStart[i];
    a.zStartTrigger = "出示执法证件"; a.zEndTrigger = "交流反馈结束";
    a.zDevice = "执法记录仪 DSJ-01"; a.officerId = aOfficer[i];
    rc = av_record_add(pDb, 0, &a, &aId[i], e);
  }
  return rc;
}

/*
 * pb_bm25: FTS5's bm25() with the document frequencies passed in.
 *
 * FTS5's own bm25() counts, on every statement, the papers holding each phrase of the
 * query (xQueryPhrase over the phrase's whole doclist) before its first score: at a
 * million papers that count is most of a keyword query's time. The caller (src/search/
 * rank.repo.ts) keeps those counts per process and passes them in:
 *
 *   pb_bm25(papers_fts, w_col0, ..., w_colN-1, df_phrase0, df_phrase1, ...)
 *
 * one weight per column of the table (as bm25() takes them), then one document count per
 * phrase of the MATCH expression, in the expression's order. A NULL count (or counts for
 * another number of phrases) is counted here exactly as bm25() counts it. The score is bm25()'s, term for term (k1 1.2,
 * b 0.75, the same IDF floor, the same row and token totals), so with the counts bm25()
 * would find, the two return identical values.
 *
 * Built at install by scripts/build.js against better-sqlite3's own SQLite headers and
 * loaded per connection; without it, search uses bm25() itself.
 */
#include <math.h>
#include <string.h>
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1

typedef struct Bm25Data {
  int nPhrase;
  double avgdl;
  double *aIDF;
  double *aFreq;
} Bm25Data;

static int countCb(const Fts5ExtensionApi *pApi, Fts5Context *pFts, void *pUser) {
  (void)pApi;
  (void)pFts;
  (*(sqlite3_int64 *)pUser)++;
  return SQLITE_OK;
}

static int bm25Data(const Fts5ExtensionApi *pApi, Fts5Context *pFts, int nVal, sqlite3_value **apVal,
                    Bm25Data **ppData) {
  int rc = SQLITE_OK;
  Bm25Data *p = (Bm25Data *)pApi->xGetAuxdata(pFts, 0);
  if (p == 0) {
    int nPhrase = pApi->xPhraseCount(pFts);
    int nCol = pApi->xColumnCount(pFts);
    sqlite3_int64 nRow = 0, nToken = 0;
    int i;
    p = (Bm25Data *)sqlite3_malloc64(sizeof(Bm25Data) + (sqlite3_int64)nPhrase * 2 * sizeof(double));
    if (p == 0) return SQLITE_NOMEM;
    memset(p, 0, sizeof(Bm25Data) + (size_t)nPhrase * 2 * sizeof(double));
    p->nPhrase = nPhrase;
    p->aIDF = (double *)&p[1];
    p->aFreq = &p->aIDF[nPhrase];
    rc = pApi->xRowCount(pFts, &nRow);
    if (rc == SQLITE_OK) rc = pApi->xColumnTotalSize(pFts, -1, &nToken);
    if (rc == SQLITE_OK) p->avgdl = (double)nToken / (double)nRow;
    /* Counts for some other number of phrases are not these phrases': all counted here. */
    int given = nVal - nCol == nPhrase;
    for (i = 0; rc == SQLITE_OK && i < nPhrase; i++) {
      sqlite3_int64 nHit = 0;
      int arg = nCol + i;
      if (given && sqlite3_value_type(apVal[arg]) != SQLITE_NULL) {
        nHit = sqlite3_value_int64(apVal[arg]);
        /* An estimate may exceed the rows (bm25() never counts more): the IDF floor applies. */
        if (nHit > nRow) nHit = nRow;
        if (nHit < 0) nHit = 0;
      } else {
        rc = pApi->xQueryPhrase(pFts, i, (void *)&nHit, countCb);
      }
      if (rc == SQLITE_OK) {
        double idf = log((nRow - nHit + 0.5) / (nHit + 0.5));
        if (idf <= 0.0) idf = 1e-6;
        p->aIDF[i] = idf;
      }
    }
    if (rc != SQLITE_OK) {
      sqlite3_free(p);
      return rc;
    }
    rc = pApi->xSetAuxdata(pFts, p, sqlite3_free);
    if (rc != SQLITE_OK) return rc;
  }
  *ppData = p;
  return SQLITE_OK;
}

static void bm25Function(const Fts5ExtensionApi *pApi, Fts5Context *pFts, sqlite3_context *pCtx, int nVal,
                         sqlite3_value **apVal) {
  const double k1 = 1.2, b = 0.75;
  double score = 0.0, D = 0.0;
  int nInst = 0, i, nCol = pApi->xColumnCount(pFts);
  Bm25Data *pData = 0;
  int rc = bm25Data(pApi, pFts, nVal, apVal, &pData);
  if (rc == SQLITE_OK) {
    memset(pData->aFreq, 0, sizeof(double) * pData->nPhrase);
    rc = pApi->xInstCount(pFts, &nInst);
  }
  for (i = 0; rc == SQLITE_OK && i < nInst; i++) {
    int ip, ic, io;
    rc = pApi->xInst(pFts, i, &ip, &ic, &io);
    if (rc == SQLITE_OK) pData->aFreq[ip] += (ic < nCol && ic < nVal) ? sqlite3_value_double(apVal[ic]) : 1.0;
  }
  if (rc == SQLITE_OK) {
    int nTok;
    rc = pApi->xColumnSize(pFts, -1, &nTok);
    D = (double)nTok;
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(pCtx, rc);
    return;
  }
  for (i = 0; i < pData->nPhrase; i++) {
    double f = pData->aFreq[i];
    score += pData->aIDF[i] * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * D / pData->avgdl)));
  }
  sqlite3_result_double(pCtx, -1.0 * score);
}

/* The connection's FTS5 API (the documented way: SELECT fts5(?1) with a bound pointer). */
static fts5_api *fts5Api(sqlite3 *db) {
  fts5_api *pApi = 0;
  sqlite3_stmt *pStmt = 0;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &pStmt, 0) == SQLITE_OK) {
    sqlite3_bind_pointer(pStmt, 1, (void *)&pApi, "fts5_api_ptr", 0);
    sqlite3_step(pStmt);
  }
  sqlite3_finalize(pStmt);
  return pApi;
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_extension_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  fts5_api *fts;
  SQLITE_EXTENSION_INIT2(pApi);
  fts = fts5Api(db);
  if (fts == 0 || fts->iVersion < 2) {
    *pzErrMsg = sqlite3_mprintf("pb_bm25: this SQLite has no FTS5");
    return SQLITE_ERROR;
  }
  return fts->xCreateFunction(fts, "pb_bm25", 0, bm25Function, 0);
}

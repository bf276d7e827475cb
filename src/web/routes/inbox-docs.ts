/** The research inbox's API (`/api/me/…`) in the OpenAPI document, from the schemas its routes validate with. */
import { z } from 'zod';
import { RESPONSES, type RouteDoc } from '../openapi.ts';
import {
  folderBody,
  folderParam,
  followBody,
  importBody,
  libraryQuery,
  listQuery,
  markBody,
  noteBody,
  saveBody,
} from './inbox.tsx';

const paperParam = z.object({ id: z.string().describe('arXiv id') });
const me = (
  method: RouteDoc['method'],
  path: string,
  summary: string,
  more: Partial<RouteDoc> = {},
): RouteDoc => ({
  method,
  path,
  tag: 'Me',
  summary,
  token: true,
  responses: method === 'post' ? RESPONSES.created : RESPONSES.json,
  ...more,
});

export const INBOX_DOCS: RouteDoc[] = [
  me('get', '/api/me/follows', 'What you follow: authors, categories, searches, organisations, members'),
  me('post', '/api/me/follows', 'Follow something', { body: followBody }),
  me('delete', '/api/me/follows', 'Stop following something', { params: followBody }),
  me('get', '/api/me/folders', 'Your library folders'),
  me('post', '/api/me/folders', 'Create a library folder', { body: folderBody }),
  me('patch', '/api/me/folders/:id', 'Rename a folder', { params: folderParam, body: folderBody }),
  me('delete', '/api/me/folders/:id', 'Delete a folder (its papers stay in the library, unfiled)', {
    params: folderParam,
  }),
  me('get', '/api/me/library', 'Your saved papers with folder and note', { params: libraryQuery }),
  me('post', '/api/me/library', 'Save a paper, optionally into a folder', { body: saveBody }),
  me('put', '/api/me/library/:id', 'Set your note on a saved paper', { params: paperParam, body: noteBody }),
  me('delete', '/api/me/library/:id', 'Remove a paper from your library', { params: paperParam }),
  me('get', '/api/me/library.{format}', 'Export your library, or one folder, as BibTeX or RIS', {
    params: libraryQuery,
    formats: ['bib', 'ris'],
    responses: RESPONSES.citations,
  }),
  me(
    'post',
    '/api/me/library/import',
    'Import a BibTeX file or arXiv ids into a folder: known papers saved, unknown ones fetched from arXiv; per-line errors',
    { body: importBody, responses: RESPONSES.json },
  ),
  me('post', '/api/me/marks', 'Mark a paper read, hidden, never-show, or ask for more like it', {
    body: markBody,
    responses: RESPONSES.json,
  }),
  me('get', '/api/me/for-you', 'For You: recent papers ranked by your own model, each with why', {
    params: listQuery,
  }),
  me('get', '/api/me/following', 'New papers from everything you follow, newest first, each with why', {
    params: listQuery,
  }),
  me('get', '/api/me/model', 'Download your For You model'),
  me('delete', '/api/me/model', 'Delete your For You model'),
  me(
    'post',
    '/api/me/feed-secret',
    'A new secret URL for your private For You / Following feeds (replaces the old one)',
  ),
  me('delete', '/api/me/feed-secret', 'Revoke your private feed URL'),
];

/**
 * The MCP tools that act as a member, with their personal API token: upvote, comment, save to
 * and list the library. The use cases apply the same rules and per-member limits as the web
 * forms and the HTTP API, so every entry point spends one budget.
 */
import { z } from 'zod';
import { postComment } from '../community/comments.ts';
import { vote } from '../community/votes.ts';
import { folders, library, savePaper } from '../inbox/inbox.ts';
import { parseArxivId } from '../shared/ids.ts';
import { paperListItem } from './present.ts';
import { paperId } from './read-tools.ts';
import { tool } from './tool.ts';

const folderId = z.coerce
  .number()
  .int('folder must be a whole number')
  .positive('folder must be a folder id');

const upvote = tool({
  name: 'upvote',
  title: 'Upvote a paper',
  description:
    "Upvote a featured paper as the token's member (one vote per member; voting again changes nothing), or remove the upvote with remove=true. " +
    'Returns {arxivId, upvotes, voted}. Needs a personal API token.',
  input: z.strictObject({
    id: paperId,
    remove: z.boolean().default(false).describe('true: take your upvote back.'),
  }),
  readOnly: false,
  async run({ deps, member }, a) {
    return vote(deps, await member(), parseArxivId(a.id).id, !a.remove);
  },
});

const comment = tool({
  name: 'comment',
  title: 'Comment on a paper',
  description:
    "Post a comment (Markdown) on a paper's discussion as the token's member, or reply to one with parentId " +
    '(an id from get_comments). Returns {id, arxivId}. Needs a personal API token; members may post a limited number per minute.',
  input: z.strictObject({
    id: paperId,
    body: z
      .string()
      .min(1, 'body must not be empty')
      .max(20_000, 'body must be at most 20000 characters')
      .describe('The comment, in Markdown.'),
    parentId: z.coerce
      .number()
      .int('parentId must be a whole number')
      .positive('parentId must be a comment id')
      .optional()
      .describe('The comment this one answers.'),
  }),
  readOnly: false,
  async run({ deps, member }, a) {
    return postComment(deps, await member(), {
      arxivId: parseArxivId(a.id).id,
      body: a.body,
      parentId: a.parentId,
    });
  },
});

const save = tool({
  name: 'save_to_library',
  title: 'Save a paper to your library',
  description:
    "Save a paper into the token's member's private library, unfiled or in a folder (saving a saved paper moves it). " +
    'Returns {arxivId, saved, folderId}. Needs a personal API token.',
  input: z.strictObject({
    id: paperId,
    folder: folderId
      .optional()
      .describe('A folder id of your library (from list_library); omit to leave it unfiled.'),
  }),
  readOnly: false,
  async run({ deps, member }, a) {
    return savePaper(deps, await member(), a.id, a.folder ?? null);
  },
});

const list = tool({
  name: 'list_library',
  title: 'Your library',
  description:
    "The token's member's private library: their folders [{id, name, count}] and saved papers, latest saved first " +
    '[{id, title, authors, …, folder (a folder id or null), note, savedAt}]. Needs a personal API token.',
  input: z.strictObject({
    folder: z
      .union([folderId, z.literal('unfiled')])
      .optional()
      .describe('Only the papers of this folder id, or "unfiled" ones; omit for the whole library.'),
  }),
  readOnly: true,
  async run({ deps, member }, a) {
    const user = await member();
    const [all, items] = await Promise.all([
      folders(deps, user),
      library(deps, user, a.folder === 'unfiled' ? null : a.folder),
    ]);
    return {
      folders: all,
      papers: items.map((s) => ({
        ...paperListItem(s.paper, deps.config.BASE_URL),
        folder: s.folderId,
        note: s.note,
        savedAt: s.savedAt,
      })),
    };
  },
});

export const WRITE_TOOLS = [upvote, comment, save, list];

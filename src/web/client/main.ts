/**
 * Browser entry point, bundled by esbuild into /assets/app.js (see ../bundle.ts).
 * Pages work without it; each feature module enhances them and registers itself when
 * imported. Add a feature with one import line here.
 */
import './inbox.ts';
import './keynav.ts';
import './search.ts';
import './feature.ts';
import './upvote.ts';

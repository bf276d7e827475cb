// Progressive enhancement entry point. Pages work without it; client modules
// (src/web/client/) add upvote-in-place, search-as-you-type and keyboard navigation.

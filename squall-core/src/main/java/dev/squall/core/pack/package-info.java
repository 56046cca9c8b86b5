/**
 * Packs on disk: finding them ({@link dev.squall.core.pack.PackPath}), loading and validating
 * their metadata ({@link dev.squall.core.pack.PackLoader}, {@link dev.squall.core.pack.PackConfig}),
 * and holding what is loaded ({@link dev.squall.core.pack.Catalog}). Loading never throws for bad
 * content: every mistake becomes a {@link dev.squall.core.problem.Problem} with file and line, the
 * broken file is skipped and everything else loads.
 */
package dev.squall.core.pack;
